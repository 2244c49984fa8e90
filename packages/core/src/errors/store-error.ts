import { EngramError } from "./engram-error.js";

/** A store failed: unreachable, corrupt, or rejecting an operation. */
export class StoreError extends EngramError {
  /** The store's short name, e.g. "sqlite". */
  readonly store: string;

  constructor({ store, message, cause }: { store: string; message: string; cause?: unknown }) {
    super({ message: `[engram] [${store}] ${message}`, cause });
    this.name = "StoreError";
    this.store = store;
  }

  /** True when `error` is a StoreError from any copy of the package. */
  static override isInstance(error: unknown): error is StoreError {
    return EngramError.isInstance(error) && error.name === "StoreError";
  }
}
