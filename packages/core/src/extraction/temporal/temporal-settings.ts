import { parseDuration } from "../../memory/lifecycle-options.js";
import type { ExtractionOptions } from "../extraction-options.js";
import type { TemporalSettings } from "./apply-temporal.js";
import { loadTimeParser } from "./load-time-parser.js";

/**
 * How long after the end of an event's day its memory expires unless `extraction.eventExpiry` says otherwise:
 * a week keeps "flying to Berlin next Tuesday" for the follow-up conversations ("how was Berlin?").
 */
export const defaultEventExpiry = "7d";

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
