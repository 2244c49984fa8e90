import { EngramError } from "./engram-error.js";

/** A caller passed a missing, malformed or forbidden argument. */
export class InvalidArgumentError extends EngramError {
  /** The name of the offending argument, e.g. "options.userId". */
  readonly argument: string;

  constructor({ argument, message, cause }: { argument: string; message: string; cause?: unknown }) {
    super({ message: `Invalid argument ${argument}: ${message}`, cause });
    this.name = "InvalidArgumentError";
    this.argument = argument;
  }

  /** True when `error` is an InvalidArgumentError from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return EngramError.isInstance(error) && error.name === "InvalidArgumentError";
  }
}
