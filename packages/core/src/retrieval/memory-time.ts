import type { MemoryFilter } from "../filters/index.js";
import { newestSourceTime } from "../memory/source-time.js";
import type { MemoryRecord } from "../types.js";

const dayMs = 86_400_000;

/**
 * The time a memory ages from: when it was last said (its newest source timestamp, at most its write time), else
 * when it was written. Not `updatedAt`: re-embedding and metadata edits bump that without making a memory recent.
 */
export function memoryTime(record: MemoryRecord): number {
  const written = Date.parse(record.createdAt);
  const said = newestSourceTime(record.sources);
  return said ? Math.min(Date.parse(said), written) : written;
}

/**
 * The filter that keeps memories at most `maxAgeDays` old at `now`, by `validFrom` (the store-side field closest to
 * `memoryTime`: when the memory was said, or the earlier time a statement says it began).
 */
export function maxAgeFilter(maxAgeDays: number, now: Date): MemoryFilter {
  return { validFrom: { $gte: new Date(now.getTime() - maxAgeDays * dayMs).toISOString() } };
}
