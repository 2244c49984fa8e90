import { StoreError } from "@engram/core";

/** The store name used in error messages. */
export const storeName = "chroma";

const retryableNames = new Set([
  "ChromaConnectionError",
  "ChromaServerError",
  "ChromaRateLimitError",
  "ChromaTimeoutError",
]);

/** A request that took longer than `requestTimeoutMs`. */
export class ChromaTimeoutError extends Error {
  constructor(milliseconds: number) {
    super(`no answer within ${milliseconds} ms`);
    this.name = "ChromaTimeoutError";
  }
}

function errorName(error: unknown): string {
  return typeof error === "object" && error !== null ? String((error as { name?: unknown }).name ?? "") : "";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for failures worth retrying: unreachable, overloaded or slow servers. */
export function isRetryable(error: unknown): boolean {
  if (retryableNames.has(errorName(error))) return true;
  // fetch itself fails with a TypeError when the connection breaks mid-response.
  return error instanceof TypeError && /fetch failed|terminated|socket/iu.test(error.message);
}

/** True when Chroma says a collection (or tenant/database) does not exist. */
export function isNotFound(error: unknown): boolean {
  return errorName(error) === "ChromaNotFoundError";
}

function hintFor(error: unknown, server: string, attempts: number): string {
  const name = errorName(error);
  const message = errorMessage(error);
  if (retryableNames.has(name) || isRetryable(error)) {
    return `Chroma did not answer after ${attempts} attempt${attempts === 1 ? "" : "s"} (${message}). Check that the Chroma server ${server} is running and reachable, or raise retries / retryDelayMs / requestTimeoutMs.`;
  }
  if (name === "ChromaUnauthorizedError") {
    return `Chroma rejected the credentials (401). Pass the server's auth header, e.g. headers: { "x-chroma-token": "…" } or { Authorization: "Bearer …" }.`;
  }
  if (name === "ChromaForbiddenError") {
    return `Chroma refused access (403). Check the tenant and database names and the API key's permissions.`;
  }
  if (name === "ChromaQuotaExceededError") {
    return `Chroma quota exceeded (${message}). Lower the store's limits to your quotas or ask your Chroma provider to raise them.`;
  }
  if (/dimension/iu.test(message)) {
    return `${message}. The collection holds vectors of another embedder: use the embedder that wrote it, or another collectionPrefix.`;
  }
  if (name === "ChromaNotFoundError") {
    return `Chroma could not find the collection, tenant or database (${message}). Check the tenant and database options.`;
  }
  return `Chroma rejected the request: ${message}.`;
}

/** Wraps any failure of a Chroma call into a StoreError that says what to do next. */
export function toStoreError(what: string, error: unknown, server: string, attempts: number): StoreError {
  if (StoreError.isInstance(error)) return error;
  return new StoreError({
    store: storeName,
    message: `Could not ${what}: ${hintFor(error, server, attempts)}`,
    cause: error,
  });
}
