import { createInMemoryStore, Memory, type MemoryOptions } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import {
  type ChatMessage,
  type ChatResponse,
  type ChatResponseChunk,
  type LLMChatParamsNonStreaming,
  type LLMChatParamsStreaming,
  type LLMMetadata,
  ToolCallLLM,
  type ToolCall,
  type ToolCallLLMMessageOptions,
} from "@llamaindex/core/llms";
import { contentText } from "../message-text.js";

/** A Memory on the in-memory store with the default offline embedder (wink, the one the relevance floor was measured with). */
export function createTestMemory(options: Partial<MemoryOptions> = {}): Memory {
  return new Memory({ store: createInMemoryStore(), embedder: createWinkEmbedder(), ...options });
}

/** One scripted reply: text, tool calls, or both. */
export interface ScriptedReply {
  text?: string;
  toolCalls?: ToolCall[];
}

/** Decides the reply from the messages the LLM was sent and the index of the call. */
export type Responder = (messages: ChatMessage[], call: number) => ScriptedReply;

/**
 * A minimal tool-calling LLM implementing LlamaIndex's `ToolCallLLM` contract: it records every call's
 * messages and answers (streaming or not) with whatever the responder returns.
 */
export class ScriptedLLM extends ToolCallLLM {
  supportToolCall = true;
  metadata: LLMMetadata = {
    model: "scripted",
    temperature: 0,
    topP: 1,
    contextWindow: 128_000,
    tokenizer: undefined,
    structuredOutput: false,
  };
  /** The messages of every call, in order. */
  readonly calls: ChatMessage[][] = [];

  constructor(private readonly respond: Responder) {
    super();
  }

  chat(
    params: LLMChatParamsStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>>>;
  chat(
    params: LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<ChatResponse<ToolCallLLMMessageOptions>>;
  async chat(
    params:
      | LLMChatParamsStreaming<object, ToolCallLLMMessageOptions>
      | LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<
    AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>> | ChatResponse<ToolCallLLMMessageOptions>
  > {
    const messages = params.messages.map((message) => ({ ...message }));
    this.calls.push(messages);
    const reply = this.respond(messages, this.calls.length - 1);
    const options = reply.toolCalls?.length ? { toolCall: reply.toolCalls } : undefined;
    if (params.stream) {
      return (async function* () {
        yield { delta: reply.text ?? "", raw: null, ...(options ? { options } : {}) };
      })();
    }
    return {
      message: { role: "assistant", content: reply.text ?? "", ...(options ? { options } : {}) },
      raw: null,
    };
  }
}

/** The text of every system message the LLM received in a call. */
export function systemTexts(messages: ChatMessage[]): string[] {
  return messages
    .filter((message) => message.role === "system")
    .map((message) => contentText(message.content));
}
