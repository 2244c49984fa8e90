import { EngramError } from "./engram-error.js";

/** A reranker failed or answered with something unusable (with `retrieval.onRerankError: "throw"`). */
export class RerankError extends EngramError {
  /** The reranker's name. */
  readonly reranker: string;

  constructor({ message, reranker, cause }: { message: string; reranker: string; cause?: unknown }) {
    super({ message, cause });
    this.name = "RerankError";
    this.reranker = reranker;
  }

  /** True when `error` is a RerankError from any copy of the package. */
  static override isInstance(error: unknown): error is RerankError {
    return EngramError.isInstance(error) && error.name === "RerankError";
  }
}
