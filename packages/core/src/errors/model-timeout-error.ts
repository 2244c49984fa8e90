import { EngramError } from "./engram-error.js";

/** An embedder or chat model did not answer in time; the call was abandoned and nothing was written. */
export class ModelTimeoutError extends EngramError {
  /** The embedder's or model's name, e.g. "openai:text-embedding-3-small". */
  readonly model: string;
  /** The timeout that passed, in ms. */
  readonly timeoutMs: number;

  constructor({ model, timeoutMs, message }: { model: string; timeoutMs: number; message: string }) {
    super({ message });
    this.name = "ModelTimeoutError";
    this.model = model;
    this.timeoutMs = timeoutMs;
  }

  /** True when `error` is a ModelTimeoutError from any copy of the package. */
  static override isInstance(error: unknown): error is ModelTimeoutError {
    return EngramError.isInstance(error) && error.name === "ModelTimeoutError";
  }
}
