/** Fields an error response may carry besides `code` and `message`. */
export interface ErrorDetails {
  /** The request field the error is about, e.g. "limit" or "options.userId". */
  argument?: string;
  /** The memory a conflict or a refusal is about. */
  memoryId?: string;
  /** A version conflict's current version (null: the memory no longer exists). */
  currentVersion?: number | null;
  /** A duplicate's existing memory. */
  existingId?: string;
}

/** An error the server answers with as it is: an HTTP status, a stable code and a message for the client. */
export class HttpError extends Error {
  /** The HTTP status code. */
  readonly status: number;
  /** The stable, machine-readable error code, e.g. "unauthorized". */
  readonly code: string;
  /** Extra fields of the error response. */
  readonly details: ErrorDetails;

  constructor({
    status,
    code,
    message,
    details = {},
  }: { status: number; code: string; message: string; details?: ErrorDetails }) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
