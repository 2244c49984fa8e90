import { EngramError } from "./engram-error.js";

/** A write would have stored a second current memory with the same deduplication key (same scope, same text). */
export class DuplicateMemoryError extends EngramError {
  /** The deduplication key. */
  readonly uniqueKey: string;
  /** The id of the memory that already holds the key. */
  readonly existingId: string;

  constructor({ uniqueKey, existingId, cause }: { uniqueKey: string; existingId: string; cause?: unknown }) {
    super({
      message: `Memory "${existingId}" already says the same in this scope; nothing was changed. Use that memory, or add with deduplicate: false to store the text twice.`,
      cause,
    });
    this.name = "DuplicateMemoryError";
    this.uniqueKey = uniqueKey;
    this.existingId = existingId;
  }

  /** True when `error` is a DuplicateMemoryError from any copy of the package. */
  static override isInstance(error: unknown): error is DuplicateMemoryError {
    return EngramError.isInstance(error) && error.name === "DuplicateMemoryError";
  }
}
