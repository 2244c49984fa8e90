import { EngramError } from "@engram/core";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/** What failed, for the error message. */
export interface FailureContext {
  /** "chat model" or "embedder". */
  kind: string;
  /** The model name. */
  model: string;
  /** The server's base URL. */
  baseURL: string;
  /** The timeout in milliseconds. */
  timeout: number;
  /** Retries made before giving up. */
  maxRetries: number;
}

function advice(error: unknown, context: FailureContext): string {
  const retried = context.maxRetries
    ? ` after ${context.maxRetries} ${context.maxRetries === 1 ? "retry" : "retries"}`
    : "";
  if (error instanceof APIUserAbortError) return "was aborted by the caller.";
  if (error instanceof APIConnectionTimeoutError) {
    return `timed out after ${context.timeout} ms${retried}. Check that the server is up and not overloaded, or raise the timeout option.`;
  }
  if (error instanceof APIConnectionError) {
    return `could not be reached${retried} (${(error.cause as Error | undefined)?.message ?? error.message}). Check baseURL (Ollama: http://localhost:11434/v1, vLLM: http://localhost:8000/v1, LM Studio: http://localhost:1234/v1) and that the server is running.`;
  }
  if (error instanceof APIError) {
    const detail = error.message.replace(/^\d{3}\s*/u, "");
    if (error.status === 401 || error.status === 403)
      return `rejected the credentials (${error.status}: ${detail}). Check apiKey or OPENAI_API_KEY.`;
    if (error.status === 404)
      return `was not found (404: ${detail}). Check the model name (Ollama: ollama pull ${context.model}) and that baseURL ends with /v1.`;
    if (error.status === 429)
      return `was rate limited (429)${retried}: ${detail}. Lower the request rate, raise maxRetries, or check the account's quota.`;
    if ((error.status ?? 0) >= 500)
      return `failed with a server error (${error.status})${retried}: ${detail}. Check the server's logs.`;
    return `rejected the request (${error.status}: ${detail}). Check the model name and options.`;
  }
  if (error instanceof SyntaxError)
    return `returned a body that is not JSON (${error.message}). Check that baseURL points at an OpenAI-compatible /v1 endpoint.`;
  return `failed: ${(error as Error)?.message ?? String(error)}.`;
}

/** Wraps a client failure in an EngramError that names the model, the server and what to check. */
export function providerError(error: unknown, context: FailureContext): EngramError {
  return new EngramError({
    message: `[engram] [provider-openai] The ${context.kind} "${context.model}" at ${context.baseURL} ${advice(error, context)}`,
    cause: error,
  });
}

/** An answer that is not what an OpenAI-compatible server returns. */
export function unexpectedResponse(body: unknown, context: FailureContext, expected: string): EngramError {
  const preview = (typeof body === "string" ? body : (JSON.stringify(body) ?? String(body))).slice(0, 120);
  return new EngramError({
    message: `[engram] [provider-openai] The ${context.kind} "${context.model}" at ${context.baseURL} returned something that is not ${expected} (starts with ${JSON.stringify(preview)}). Check that baseURL points at an OpenAI-compatible /v1 endpoint.`,
  });
}
