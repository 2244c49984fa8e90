import {
  DuplicateMemoryError,
  EngramError,
  ExtractionError,
  InvalidArgumentError,
  MemoryNotFoundError,
  StoreError,
  UnsupportedCapabilityError,
  VersionConflictError,
  WriteRejectedError,
} from "@engram/core";
import { HTTPException } from "hono/http-exception";
import { type ErrorDetails, HttpError } from "./http-error.js";

/** The JSON body of every error response. */
export interface ErrorBody {
  /** What went wrong. */
  error: { code: string; message: string } & ErrorDetails;
}

/** An error response: the status and the body. */
export interface ErrorResponse {
  /** The HTTP status code. */
  status: number;
  /** The JSON body. */
  body: ErrorBody;
  /** True when the server (not the client) is at fault: worth logging with its cause. */
  internal: boolean;
}

function response(status: number, code: string, message: string, details: ErrorDetails = {}): ErrorResponse {
  return { status, body: { error: { code, message, ...details } }, internal: status >= 500 };
}

function fromEngramError(error: EngramError): ErrorResponse | undefined {
  if (InvalidArgumentError.isInstance(error))
    return response(400, "invalid_argument", error.message, { argument: error.argument });
  if (MemoryNotFoundError.isInstance(error))
    return response(404, "not_found", error.message, { memoryId: error.memoryId });
  if (VersionConflictError.isInstance(error))
    return response(409, "version_conflict", error.message, {
      memoryId: error.memoryId,
      currentVersion: error.currentVersion,
    });
  if (DuplicateMemoryError.isInstance(error))
    return response(409, "duplicate_memory", error.message, { existingId: error.existingId });
  if (WriteRejectedError.isInstance(error))
    return response(403, "write_rejected", error.message, { memoryId: error.memoryId });
  if (StoreError.isInstance(error))
    return response(503, "store_unavailable", "The memory store is unavailable; retry later.");
  if (ExtractionError.isInstance(error))
    return response(502, "extraction_failed", "The extraction model's answer could not be used; retry.");
  if (UnsupportedCapabilityError.isInstance(error))
    return response(501, "unsupported_capability", error.message, { argument: error.capability });
  return undefined;
}

/**
 * Turns anything a handler threw into an error response with a stable code. Client errors keep their message;
 * server errors get a generic one, so no stack trace, path or store detail reaches the client.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof HttpError) return response(error.status, error.code, error.message, error.details);
  if (EngramError.isInstance(error)) {
    const mapped = fromEngramError(error);
    if (mapped) return mapped;
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return response(413, "payload_too_large", "The request body is too large.");
    if (error.status === 400)
      return response(400, "invalid_argument", "The request body is not valid JSON.", { argument: "body" });
    if (error.status === 415)
      return response(
        415,
        "unsupported_media_type",
        "Send the body as JSON, with Content-Type: application/json.",
      );
    if (error.status < 500) return response(error.status, "bad_request", error.message || "Bad request.");
  }
  return response(500, "internal", "Internal server error.");
}
