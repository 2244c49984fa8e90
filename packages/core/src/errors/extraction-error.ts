import { EngramError } from "./engram-error.js";

/** A model's answer could not be turned into memory operations. */
export class ExtractionError extends EngramError {
  /** The raw model output that failed to parse. */
  readonly text: string;

  constructor({ message, text, cause }: { message: string; text: string; cause?: unknown }) {
    super({ message, cause });
    this.name = "ExtractionError";
    this.text = text;
  }

  /** True when `error` is an ExtractionError from any copy of the package. */
  static override isInstance(error: unknown): error is ExtractionError {
    return EngramError.isInstance(error) && error.name === "ExtractionError";
  }
}
