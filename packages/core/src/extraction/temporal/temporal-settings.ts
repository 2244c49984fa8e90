import { parseDuration } from "../../memory/lifecycle-options.js";
import type { ExtractionOptions } from "../extraction-options.js";
import type { TemporalSettings } from "./apply-temporal.js";
import { loadTimeParser } from "./load-time-parser.js";

/**
 * How long after the end of an event's day its memory expires unless `extraction.eventExpiry` says otherwise.
 * Two weeks keep "flying to Berlin next Tuesday" for the next conversation ("how was Berlin?"): in LoCoMo the
 * median gap between a user's sessions is 5.3 days and 80 % of gaps are at most 14 days (58 % at most 7).
 */
export const defaultEventExpiry = "14d";

/** The settings of time resolution for one add, or undefined when `extraction.resolveTimes` is false. */
export async function temporalSettings(
  options: ExtractionOptions,
  now: Date,
): Promise<TemporalSettings | undefined> {
  if (options.resolveTimes === false) return undefined;
  const expiry = options.eventExpiry === undefined ? defaultEventExpiry : options.eventExpiry;
  return {
    parse: await loadTimeParser(),
    eventExpiryMs: expiry === null ? null : parseDuration(expiry, "extraction.eventExpiry"),
    now,
  };
}
