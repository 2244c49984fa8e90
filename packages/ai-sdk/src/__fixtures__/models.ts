import type {
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";
import { createInMemoryStore, Memory, type MemoryOptions } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";

/** A Memory on the in-memory store with the default offline embedder (wink, the one the relevance floor was measured with). */
export function createTestMemory(options: Partial<MemoryOptions> = {}): Memory {
  return new Memory({ store: createInMemoryStore(), embedder: createWinkEmbedder(), ...options });
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A generate result with one text part. */
export function textResult(text: string): LanguageModelV3GenerateResult {
  return {
    content: [{ type: "text", text }],
    finishReason: { unified: "stop", raw: "stop" },
    usage,
    warnings: [],
  };
}

/** A generate result that asks for one tool call. */
export function toolCallResult(
  toolName: string,
  input: Record<string, unknown>,
  toolCallId = "call-1",
): LanguageModelV3GenerateResult {
  return {
    content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage,
    warnings: [],
  };
}

/** The stream parts of a text reply, split into deltas. */
export function textStreamParts(deltas: string[]): LanguageModelV3StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "response-metadata", id: "response-1", modelId: "mock-model-id", timestamp: new Date(0) },
    { type: "text-start", id: "text-1" },
    ...deltas.map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "text-1", delta })),
    { type: "text-end", id: "text-1" },
    { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
  ];
}

/** The stream parts of a step that ends in a tool call. */
export function toolCallStreamParts(
  toolName: string,
  input: Record<string, unknown>,
): LanguageModelV3StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "tool-call", toolCallId: "call-1", toolName, input: JSON.stringify(input) },
    { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
  ];
}

/** A stream result over the given parts. */
export function streamOf(parts: LanguageModelV3StreamPart[]) {
  return { stream: simulateReadableStream({ chunks: parts, initialDelayInMs: null, chunkDelayInMs: null }) };
}

/**
 * Throws the way Google's and Bedrock's providers do when a system message follows a user, assistant or
 * tool message.
 */
export function assertSystemMessagesLead(prompt: LanguageModelV3Prompt): void {
  let seenOther = false;
  for (const message of prompt) {
    if (message.role !== "system") seenOther = true;
    else if (seenOther)
      throw new Error("system messages are only supported at the beginning of the conversation");
  }
}

/**
 * A mock model that rejects late system messages and otherwise answers with `reply(options)`, optionally after
 * `delayMs(call)` milliseconds so that parallel requests finish out of order.
 */
export function createStrictModel(
  reply: (options: LanguageModelV3CallOptions) => string,
  delayMs?: (call: number) => number,
) {
  let calls = 0;
  return new MockLanguageModelV3({
    doGenerate: async (options) => {
      assertSystemMessagesLead(options.prompt);
      const delay = delayMs?.(calls++) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return textResult(reply(options));
    },
    doStream: async (options) => {
      assertSystemMessagesLead(options.prompt);
      return streamOf(textStreamParts([reply(options)]));
    },
  });
}

/** The contents of all system messages of a prompt. */
export function systemTexts(prompt: LanguageModelV3Prompt): string[] {
  return prompt.flatMap((message) => (message.role === "system" ? [message.content] : []));
}
