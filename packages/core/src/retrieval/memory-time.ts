import type { MemoryFilter } from "../filters/index.js";
import type { MemoryRecord } from "../types.js";

const dayMs = 86_400_000;

/** The field recency and `maxAgeDays` read a memory's time from (its last change). */
export const memoryTimeField = "updatedAt" as const;

/** When a memory counts as being from, for recency decay (ms since the epoch). */
export function memoryTime(record: MemoryRecord): number {
  return Date.parse(record[memoryTimeField]);
}

/** The filter that keeps memories at most `maxAgeDays` old at `now` (by `memoryTime`). */
export function maxAgeFilter(maxAgeDays: number, now: Date): MemoryFilter {
  return { [memoryTimeField]: { $gte: new Date(now.getTime() - maxAgeDays * dayMs).toISOString() } };
}
