// A stand-in for a real chat model (swap in openai("gpt-4o-mini") or any AI SDK provider): the AI SDK's own
// mock model, answering from the memories Engram put into its prompt, so the example runs offline.
import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";

const usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

/** The memory lines ("- …") of the system messages the middleware inserted, as the model sees them. */
export function memoriesInPrompt(options: LanguageModelV3CallOptions): string[] {
  return options.prompt
    .flatMap((message) => (message.role === "system" ? message.content.split("\n") : []))
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
}

function reply(options: LanguageModelV3CallOptions): string {
  const memories = memoriesInPrompt(options);
  const food = memories.find((memory) => /vegetarian|vegan|allergic/i.test(memory));
  if (food) return `Remembering "${food}", how about a mushroom risotto tonight?`;
  return memories.length > 0
    ? "I remember a few things about you, but nothing about food yet."
    : "Nice to meet you! Tell me about yourself.";
}

/** Creates the toy model; `onCall` sees every call's options (the example prints what was retrieved). */
export function createToyModel(onCall: (options: LanguageModelV3CallOptions) => void) {
  return new MockLanguageModelV3({
    doGenerate: async (options) => {
      onCall(options);
      return {
        content: [{ type: "text", text: reply(options) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },
    doStream: async (options) => {
      onCall(options);
      const words = reply(options).split(/(?<= )/u);
      const chunks: LanguageModelV3StreamPart[] = [
        { type: "text-start", id: "t" },
        ...words.map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "t", delta })),
        { type: "text-end", id: "t" },
        { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
      ];
      return { stream: simulateReadableStream({ chunks, chunkDelayInMs: 5 }) };
    },
  });
}
