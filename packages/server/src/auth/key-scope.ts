import { HttpError } from "../errors/http-error.js";
import type { ApiKey } from "./api-key.js";

/** Whether a request only reads or also writes. */
export type AccessKind = "read" | "write";

const pinnedFields = ["userId", "agentId"] as const;

/** Refuses a write through a read-only key. */
export function requireWriteAccess(key: ApiKey): void {
  if (key.readOnly) {
    throw new HttpError({
      status: 403,
      code: "forbidden",
      message: "This API key is read-only; use a key that may write.",
    });
  }
}

/**
 * Applies a key's pins to a request's options: a pinned field the request leaves out is filled in, one it names
 * differently (or `anyScope`) is refused with 403, and writes through a read-only key are refused. Returns a copy.
 */
export function applyKeyScope<TOptions extends object>(
  key: ApiKey,
  options: TOptions,
  access: AccessKind,
): TOptions {
  if (access === "write") requireWriteAccess(key);
  const copy = { ...options } as Record<string, unknown>;
  const pinned = pinnedFields.filter((field) => key[field] !== undefined);
  if (pinned.length > 0 && Object.hasOwn(copy, "anyScope")) {
    throw new HttpError({
      status: 403,
      code: "forbidden",
      message: `This API key is limited to its ${pinned.join(" and ")}; anyScope is not allowed.`,
      details: { argument: "anyScope" },
    });
  }
  for (const field of pinned) {
    const value = copy[field];
    if (value !== undefined && value !== key[field]) {
      throw new HttpError({
        status: 403,
        code: "forbidden",
        message: `This API key may only use its own ${field}; leave ${field} out or pass the key's own.`,
        details: { argument: field },
      });
    }
    copy[field] = key[field];
  }
  return copy as TOptions;
}
