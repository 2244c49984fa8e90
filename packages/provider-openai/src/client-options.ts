import { InvalidArgumentError } from "@engram/core";
import OpenAI from "openai";

/** How to reach the server; shared by the chat model and the embedder. */
export interface OpenAIClientOptions {
  /** A ready `openai` client; when given, `apiKey`, `baseURL` and `headers` are ignored. */
  client?: OpenAI;
  /** API key. @default process.env.OPENAI_API_KEY ("not-needed" when a baseURL is given without a key) */
  apiKey?: string;
  /** Base URL of any OpenAI-compatible server, e.g. "http://localhost:11434/v1" for Ollama. @default OpenAI's */
  baseURL?: string;
  /** Per-request timeout in milliseconds. @default 60000 */
  timeout?: number;
  /** Retries of failed requests (429, 5xx, timeouts, connection errors) with exponential backoff. @default 2 */
  maxRetries?: number;
  /** Extra HTTP headers sent with every request. */
  headers?: Record<string, string>;
}

/** A client plus the settings used in error messages. */
export interface ResolvedClient {
  /** The client. */
  client: OpenAI;
  /** Where requests go, for error messages. */
  baseURL: string;
  /** Per-request timeout in milliseconds. */
  timeout: number;
  /** Retries per request. */
  maxRetries: number;
}

function checkCount(value: unknown, argument: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number of 0 or more, got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

/** Uses the passed-in client or creates one; validates timeout and retries. */
export function resolveClient(options: OpenAIClientOptions): ResolvedClient {
  const timeout = checkCount(options.timeout, "options.timeout", 60_000);
  const maxRetries = checkCount(options.maxRetries, "options.maxRetries", 2);
  if (options.client) return { client: options.client, baseURL: options.client.baseURL, timeout, maxRetries };
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY ?? (options.baseURL ? "not-needed" : undefined);
  if (!apiKey) {
    throw new InvalidArgumentError({
      argument: "options.apiKey",
      message:
        "no API key: pass apiKey or set OPENAI_API_KEY. For a local OpenAI-compatible server (Ollama, vLLM, LM Studio) pass its baseURL, e.g. http://localhost:11434/v1.",
    });
  }
  const client = new OpenAI({
    apiKey,
    timeout,
    maxRetries,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  });
  return { client, baseURL: client.baseURL, timeout, maxRetries };
}
