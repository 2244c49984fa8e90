import { newestSourceTime } from "../../memory/source-time.js";
import type { MemorySource } from "../../types.js";

/** The time a memory was said: its newest source's timestamp, else the Memory's clock. */
export function referenceTime(sources: MemorySource[], now: Date): Date {
  const said = newestSourceTime(sources);
  return said ? new Date(said) : now;
}
