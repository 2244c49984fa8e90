import { dayMonthYear } from "../text/calendar.js";
import type { MemoryItem, MemorySource } from "../types.js";

/** The fields of a memory that decide how it is found: its text, its context and its sources. */
export type IndexedFields = Pick<MemoryItem, "memory" | "context"> & { sources?: readonly MemorySource[] };

/** "8 May 2023" (UTC) for an ISO 8601 timestamp, so a date in a query matches the day a message was said. */
function spokenDate(timestamp: string): string | undefined {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return undefined;
  return dayMonthYear(date);
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

/**
 * The text a memory is embedded and keyword-indexed by: its context (if any), the dates its sources were said on,
 * then the memory itself after its speakers' names ("Caroline: …"). Only the memory text is ever returned; the
 * rest makes "what did Caroline say in May 2023" findable without prefixing every stored text.
 */
export function indexedText(item: IndexedFields): string {
  const sources = item.sources ?? [];
  const names = unique(sources.map((source) => source.name));
  const dates = unique(
    sources.map((source) => (source.timestamp ? spokenDate(source.timestamp) : undefined)),
  );
  const said = names.length ? `${names.join(", ")}: ${item.memory}` : item.memory;
  return [item.context, dates.join(", "), said].filter(Boolean).join("\n");
}
