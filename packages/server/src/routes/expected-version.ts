import { HttpError } from "../errors/http-error.js";

/**
 * Merges an `If-Match` header (`"3"` or `3`; `*` means any version) into a write's options as `expectedVersion`;
 * refuses a header that is not a version or that disagrees with the body's `expectedVersion`.
 */
export function withExpectedVersion<TOptions extends object>(
  options: TOptions,
  ifMatch: string | undefined,
): TOptions {
  if (ifMatch === undefined || ifMatch.trim() === "*") return options;
  const match = ifMatch.trim().match(/^"?(\d{1,15})"?$/);
  if (!match) {
    throw new HttpError({
      status: 400,
      code: "invalid_argument",
      message: 'If-Match must be a memory version, e.g. If-Match: "3" (the ETag of a read).',
      details: { argument: "If-Match" },
    });
  }
  const version = Number(match[1]);
  const given = (options as { expectedVersion?: unknown }).expectedVersion;
  if (given !== undefined && given !== version) {
    throw new HttpError({
      status: 400,
      code: "invalid_argument",
      message: "If-Match and expectedVersion disagree; send one of them.",
      details: { argument: "expectedVersion" },
    });
  }
  return { ...options, expectedVersion: version };
}

/** The ETag of a memory: its version, quoted. */
export function etagOf(item: { version: number }): string {
  return `"${item.version}"`;
}
