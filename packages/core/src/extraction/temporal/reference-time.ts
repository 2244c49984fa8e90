import type { MemorySource } from "../../types.js";

/** The time a memory was said: its newest source's timestamp, else the Memory's clock. */
export function referenceTime(sources: MemorySource[], now: Date): Date {
  const times = sources.flatMap((source) => (source.timestamp ? [source.timestamp] : []));
  return times.length ? new Date(times.sort().at(-1)!) : now;
}
