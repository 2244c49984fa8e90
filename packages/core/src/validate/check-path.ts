import { InvalidArgumentError } from "../errors/index.js";
import { describeValue } from "./describe-value.js";

/** The longest file or folder path accepted. */
export const maxPathLength = 4096;

/** Checks a file or folder path: a non-empty, well-formed string without control characters. */
export function checkPath(value: unknown, argument: string, expected: string): string {
  if (
    typeof value !== "string" ||
    !value.trim() ||
    value.length > maxPathLength ||
    !value.isWellFormed() ||
    /\p{Cc}/u.test(value)
  ) {
    throw new InvalidArgumentError({
      argument,
      message: `expected ${expected} (a non-empty string of at most ${maxPathLength} characters, without control characters such as NUL), got ${describeValue(value)}.`,
    });
  }
  return value;
}
