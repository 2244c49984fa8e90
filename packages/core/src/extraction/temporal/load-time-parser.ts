import type { ParsedResult } from "chrono-node/en";

/** Parses the time expressions of a text against a reference instant (UTC calendar). */
export type TimeParser = (text: string, reference: Date, forward: boolean) => ParsedResult[];

let loading: Promise<TimeParser> | undefined;

// "since 2019", "in 1990", "back in 2015": chrono reads bare years only in full dates, and these start many facts.
const bareYear = /\b(?:since|in|from|during)\s+((?:19|20)\d{2})\b(?![\d:/-]|\.\d)/i;

/**
 * Loads chrono-node (English) on first use and caches it, so importing `@engram/core` does not load it; the
 * parser reads calendar dates in UTC (message timestamps are kept as UTC instants).
 */
export function loadTimeParser(): Promise<TimeParser> {
  loading ??= import("chrono-node/en").then((chrono) => {
    const parser = chrono.casual.clone();
    parser.parsers.push({
      pattern: () => bareYear,
      extract: (_context, match) => ({ year: Number(match[1]) }),
    });
    return (text, reference, forward) =>
      parser.parse(text, { instant: reference, timezone: 0 }, { forwardDate: forward });
  });
  return loading;
}
