import type { MaybePromise } from "../types.js";

/** One message of a chat-model request. */
export interface ChatModelMessage {
  /** Who speaks: the instructions ("system"), the caller ("user") or an earlier model answer ("assistant"). */
  role: "system" | "user" | "assistant";
  /** The message text. */
  content: string;
}

/** The JSON shape the answer must have, as a JSON Schema (structured output). */
export interface ChatModelResponseFormat {
  /** Short name of the schema, e.g. "memory_operations" (letters, digits, `_` and `-`). */
  name: string;
  /** A JSON Schema object the answer must match; providers enforce it where the server can. */
  schema: Record<string, unknown>;
}

/** A request for one structured (JSON) answer. */
export interface ChatModelRequest {
  /** The conversation to answer, system message first. */
  messages: ChatModelMessage[];
  /** The JSON shape the answer must have. */
  responseFormat: ChatModelResponseFormat;
  /** Sampling temperature. @default the provider's choice (Engram asks for 0) */
  temperature?: number;
  /** Upper bound on answer tokens. @default the provider's choice */
  maxOutputTokens?: number;
  /** Cancels the request. */
  abortSignal?: AbortSignal;
}

/** Token counts reported by the model server. */
export interface ChatModelUsage {
  /** Prompt tokens. */
  inputTokens?: number;
  /** Answer tokens. */
  outputTokens?: number;
}

/** A model's answer: the raw text, which Engram parses and validates itself. */
export interface ChatModelResult {
  /** The answer text (JSON, possibly wrapped in code fences or preceded by a `<think>` block). */
  text: string;
  /** Why the model stopped, e.g. "stop" or "length" (length means the answer was cut off). */
  finishReason?: string;
  /** Token usage, when the server reports it. */
  usage?: ChatModelUsage;
}

/**
 * A chat model that answers with JSON; the narrow contract Engram needs for extraction. Implement it to plug in
 * any model: `@engram/provider-openai` covers OpenAI and every OpenAI-compatible server.
 */
export interface ChatModel {
  /** Contract version. */
  readonly specificationVersion: "v1";
  /** Name used in errors and logs, e.g. "openai:gpt-4o-mini". */
  readonly name: string;
  /** Produces one answer for the request. */
  generate(request: ChatModelRequest): MaybePromise<ChatModelResult>;
}
