import type { MemoryState, StoredMemory } from "../types.js";
import type { ValidityOptions } from "./memory-store.js";

type Lifetime = Pick<
  StoredMemory,
  "validFrom" | "validTo" | "expiresAt" | "archivedAt" | "pending" | "mergedInto"
>;

/**
 * Until when a memory is in default reads (ISO 8601), or null while it has no end: the earliest of the time it
 * stopped being true (`validTo`), expired (`expiresAt`) or was archived (`archivedAt`).
 */
export function visibleUntil(item: Lifetime): string | null {
  let end = item.validTo;
  for (const time of [item.expiresAt, item.archivedAt]) {
    if (time !== undefined && (end === null || time < end)) end = time;
  }
  return end;
}

/**
 * True when the memory counts under the validity options: in default reads at `asOf` (default now), i.e.
 * validFrom ≤ asOf < visibleUntil and not pending review; `includeInvalid` counts every memory.
 */
export function isValid(item: Lifetime, options: ValidityOptions, now: string): boolean {
  if (options.includeInvalid) return true;
  if (item.pending) return false;
  const at = options.asOf ?? now;
  const end = visibleUntil(item);
  return item.validFrom <= at && (end === null || at < end);
}

/** Where a memory is in its life at a time (ISO 8601); see `MemoryState`. */
export function memoryState(item: Lifetime, at: string): MemoryState {
  if (item.pending) return "pending";
  if (item.validTo !== null && item.validTo <= at) return item.mergedInto ? "merged" : "superseded";
  if (item.expiresAt !== undefined && item.expiresAt <= at) return "expired";
  if (item.archivedAt !== undefined && item.archivedAt <= at) return "archived";
  return "active";
}
