import { InvalidArgumentError } from "../errors/index.js";

/**
 * The longest memory text accepted (what is stored, embedded and indexed), in UTF-16 code units: 32 KiB of
 * characters, about 8,000 tokens, the input limit of common embedding models.
 */
export const maxMemoryTextLength = 32_768;

/** The longest message an inferred add accepts (the extractor reads it, short memories come out), in UTF-16 code units. */
export const maxMessageLength = 100_000;

/**
 * Checks a memory text (at most `maxLength` characters, by default `maxMemoryTextLength`) and makes it
 * well-formed: a lone UTF-16 surrogate (e.g. from a cut emoji) becomes U+FFFD before the text is hashed or stored,
 * so what is stored is exactly what later reads return.
 */
export function checkWellFormedText(
  text: unknown,
  argument: string,
  maxLength = maxMemoryTextLength,
): string {
  if (typeof text !== "string") {
    throw new InvalidArgumentError({ argument, message: `expected text (a string), got ${typeof text}.` });
  }
  if (text.length > maxLength) {
    const what = maxLength === maxMemoryTextLength ? "a memory text" : "a message";
    throw new InvalidArgumentError({
      argument,
      message: `${what} is at most ${maxLength} characters, got ${text.length}; split long documents into smaller ${maxLength === maxMemoryTextLength ? "memories" : "messages"}.`,
    });
  }
  return text.isWellFormed() ? text : text.toWellFormed();
}

/** The own keys of a plain options object; anything else (array, string, class instance) is refused. */
export function plainObjectKeys(value: unknown, argument: string, expected: string): string[] {
  let prototype: unknown;
  let isArray = false;
  try {
    prototype = typeof value === "object" && value !== null ? Object.getPrototypeOf(value) : undefined;
    isArray = Array.isArray(value);
  } catch (cause) {
    throw new InvalidArgumentError({ argument, message: `could not be read; expected ${expected}.`, cause });
  }
  if (prototype === undefined || isArray || (prototype !== Object.prototype && prototype !== null)) {
    const got =
      value === null
        ? "null"
        : isArray
          ? "an array"
          : typeof value === "object"
            ? "an object that is not a plain object"
            : typeof value;
    throw new InvalidArgumentError({ argument, message: `expected ${expected}, got ${got}.` });
  }
  try {
    return Object.keys(value as object);
  } catch (cause) {
    throw new InvalidArgumentError({ argument, message: `could not be read; expected ${expected}.`, cause });
  }
}

/**
 * Refuses keys an options object may not have, naming the nearest known key ("did you mean …?") so a typo
 * never silently changes what a call does. Keys whose value is undefined are ignored.
 */
export function checkKnownKeys(value: unknown, known: readonly string[], argument: string): void {
  if (value === undefined) return;
  const keys = plainObjectKeys(value, argument, "an options object");
  for (const key of keys) {
    if (known.includes(key)) continue;
    if ((value as Record<string, unknown>)[key] === undefined) continue;
    const near = nearest(key, known);
    throw new InvalidArgumentError({
      argument: `${argument}.${key}`,
      message: `unknown option "${key}"${near ? `: did you mean ${near}?` : `; known options: ${known.join(", ")}.`}`,
    });
  }
}

function nearest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase().replaceAll("_", "");
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
