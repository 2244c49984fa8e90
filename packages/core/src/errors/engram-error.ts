const marker = Symbol.for("engram.error");

/** Options shared by every Engram error. */
export interface EngramErrorOptions {
  /** What went wrong and what to do next. */
  message: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** Base class of every error Engram throws; `EngramError.isInstance` works across package copies. */
export class EngramError extends Error {
  /** Marks Engram errors across package copies (see isInstance). */
  readonly [marker] = true;

  constructor({ message, cause }: EngramErrorOptions) {
    super(message.startsWith("[engram]") ? message : `[engram] ${message}`, { cause });
    this.name = "EngramError";
  }

  /** True when `error` is an Engram error, even one thrown by another copy of the package. */
  static isInstance(error: unknown): error is EngramError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
