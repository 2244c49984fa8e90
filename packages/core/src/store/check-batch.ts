import { DuplicateMemoryError, VersionConflictError, type VersionConflict } from "../errors/index.js";
import type { WriteBatch } from "./memory-store.js";

/** What a store holds now for one id: its version and its deduplication key. */
export interface StoredVersion {
  /** The stored version. */
  version: number;
  /** The stored deduplication key, if any. */
  uniqueKey?: string | undefined;
}

/** How a store answers the checks: the stored state of an id, and which id holds a deduplication key. */
export interface BatchLookup {
  /** The stored version and key of a memory, or undefined when it does not exist. */
  current(id: string): StoredVersion | undefined;
  /** The id of the record holding this key now, if any. */
  holderOf(key: string): string | undefined;
}

/**
 * Checks a batch's conditions against what is stored (every store calls it inside its write transaction): the
 * versions it expects and the deduplication keys it claims. Throws `VersionConflictError` (every conflict at
 * once) or `DuplicateMemoryError`; a batch that passes can be applied as it is.
 */
export function checkWriteBatch(batch: WriteBatch, lookup: BatchLookup): void {
  const conflicts: VersionConflict[] = [];
  const conflict = (memoryId: string, expectedVersion: number, current: StoredVersion | undefined) =>
    conflicts.push({ memoryId, expectedVersion, currentVersion: current?.version ?? null });
  const released = new Set<string>();
  for (const { id, version } of batch.deletes) {
    const current = lookup.current(id);
    if (current?.version !== version) conflict(id, version, current);
    released.add(id);
  }
  const restored = new Set(batch.restored ?? []);
  for (const record of batch.upserts) {
    const current = lookup.current(record.id);
    const expected = restored.has(record.id) ? 0 : record.version - 1;
    if (expected === 0 ? current !== undefined : current?.version !== expected)
      conflict(record.id, expected, current);
    if (current?.uniqueKey !== undefined && current.uniqueKey !== record.uniqueKey) released.add(record.id);
  }
  if (conflicts.length) throw new VersionConflictError({ conflicts });
  const claimed = new Map<string, string>();
  for (const record of batch.upserts) {
    const key = record.uniqueKey;
    if (key === undefined) continue;
    const earlier = claimed.get(key);
    if (earlier !== undefined && earlier !== record.id)
      throw new DuplicateMemoryError({ uniqueKey: key, existingId: earlier });
    claimed.set(key, record.id);
    const holder = lookup.holderOf(key);
    if (holder !== undefined && holder !== record.id && !released.has(holder))
      throw new DuplicateMemoryError({ uniqueKey: key, existingId: holder });
  }
}
