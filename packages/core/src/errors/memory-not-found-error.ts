import { EngramError } from "./engram-error.js";

/** A by-id operation named a memory that does not exist in the given scope. */
export class MemoryNotFoundError extends EngramError {
  /** The id that was not found. */
  readonly memoryId: string;

  constructor({ memoryId, scoped }: { memoryId: string; scoped: boolean }) {
    super({
      message: `No memory with id "${memoryId}"${scoped ? " in the given scope" : ""}. Check the id (it may have been deleted${scoped ? " or belong to another scope" : ""}); memory.getAll(scope) lists the ids that exist.`,
    });
    this.name = "MemoryNotFoundError";
    this.memoryId = memoryId;
  }

  /** True when `error` is a MemoryNotFoundError from any copy of the package. */
  static override isInstance(error: unknown): error is MemoryNotFoundError {
    return EngramError.isInstance(error) && error.name === "MemoryNotFoundError";
  }
}
