import type { MemorySource } from "../types.js";

/** The newest `timestamp` among the sources (canonical ISO 8601 strings sort in time order), if any has one. */
export function newestSourceTime(sources: readonly MemorySource[]): string | undefined {
  let newest: string | undefined;
  for (const source of sources)
    if (source.timestamp && (!newest || source.timestamp > newest)) newest = source.timestamp;
  return newest;
}
