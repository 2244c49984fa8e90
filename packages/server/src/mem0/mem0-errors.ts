import { HttpError } from "../errors/http-error.js";

/** A 400 for a Mem0 field or filter Engram cannot honour (refused rather than silently dropped). */
export function unsupported(argument: string, message: string): HttpError {
  return new HttpError({ status: 400, code: "invalid_argument", message, details: { argument } });
}

/**
 * Refuses keys of a Mem0 request that are neither translated (`known`) nor harmless to drop (`ignored`: hints
 * that change nothing here, such as `output_format` or `async_mode`).
 */
export function checkMem0Keys(
  body: Record<string, unknown>,
  known: readonly string[],
  ignored: readonly string[],
): void {
  for (const key of Object.keys(body)) {
    if (known.includes(key) || ignored.includes(key)) continue;
    throw unsupported(key, `"${key}" is not supported by Engram's Mem0-compatible API; leave it out.`);
  }
}
