import type { AddOperation } from "../../memory/memory-operation.js";
import { endOfPeriod, formatTime, isoAtPrecision } from "./format-time.js";
import type { TimeParser } from "./load-time-parser.js";
import { type ResolvedTime, resolveTimeExpressions } from "./resolve-time-expressions.js";
import { type Tense, sentenceTense } from "./sentence-tense.js";

/** What resolving times in an add needs besides the sentence. */
export interface TemporalSettings {
  /** The loaded time parser. */
  parse: TimeParser;
  /** How long after the end of an event's day its memory expires, in ms; null: never. */
  eventExpiryMs: number | null;
  /** The write's time: an expiry already past then is not set (the event was history when it was recorded). */
  now: Date;
}

/** Where the expression stands in the text, case-insensitively, or -1. */
function findIn(text: string, expression: string): number {
  return text.toLowerCase().indexOf(expression.toLowerCase());
}

/** Replaces a relative expression in the memory text with its absolute date ("next Tuesday" → "on Tuesday 8 …"). */
function rewrite(text: string, time: ResolvedTime): string {
  const at = time.text ? findIn(text, time.text) : -1;
  if (at < 0 || !time.relative) return text;
  let absolute = formatTime(time);
  // "since March" → "since March 2026", not "since in March 2026".
  if (/\b(?:in|on|at|since|from|by|until|till|before|after|for)\s+$/i.test(text.slice(0, at)))
    absolute = absolute.replace(/^(?:in|on) /, "");
  return `${text.slice(0, at)}${absolute}${text.slice(at + time.text.length)}`;
}

/** Splits a sentence's times into the (latest) past start and the (first) upcoming event. */
function classify(times: ResolvedTime[], tense: Tense, reference: Date) {
  let start: ResolvedTime | undefined;
  let event: ResolvedTime | undefined;
  for (const time of times) {
    // "My exam is today" is upcoming until the day ends; an absolute date after the reference in a past-tense
    // sentence is a slip, not a plan: it is clamped to the reference below.
    const upcoming =
      endOfPeriod(time) > reference &&
      (time.date > reference ? time.offset || tense !== "past" : tense !== "past");
    if (upcoming) event ??= time;
    else if (!start || time.date > start.date) start = time;
  }
  return { start, event };
}

/**
 * Resolves the time expressions of the sentence a memory came from against the reference time (when it was
 * said) and applies them: a past start becomes `validFrom` (never after the reference), an upcoming event is
 * written into the text as an absolute date, kept in `metadata.eventDate` (caller metadata wins) and expires
 * `eventExpiryMs` after its day. Vague or recurring sentences leave the operation unchanged.
 */
export function applyTemporal(
  operation: AddOperation,
  sentence: string,
  reference: Date,
  settings: TemporalSettings,
): AddOperation {
  const times = resolveTimeExpressions(settings.parse, sentence, reference);
  return applyTimes(operation, times, sentenceTense(sentence), reference, settings);
}

/** Applies resolved times to a new memory (see `applyTemporal`); `tense` is that of the sentence they came from. */
export function applyTimes(
  operation: AddOperation,
  times: ResolvedTime[],
  tense: Tense,
  reference: Date,
  settings: TemporalSettings,
): AddOperation {
  if (!times.length) return operation;
  const { start, event } = classify(times, tense, reference);
  let memory = operation.memory;
  for (const time of times) memory = rewrite(memory, time);
  const changed: AddOperation = { ...operation, memory };
  if (start) {
    const from = start.date < reference ? start.date : reference;
    changed.validFrom = from.toISOString();
  }
  if (event) {
    if (!event.text || findIn(operation.memory, event.text) < 0)
      changed.memory = `${memory.replace(/[.!]+$/u, "")} ${formatTime(event)}`;
    changed.metadata = { eventDate: isoAtPrecision(event.date, event.precision), ...operation.metadata };
    const expires =
      settings.eventExpiryMs === null ? undefined : endOfPeriod(event).getTime() + settings.eventExpiryMs;
    if (expires !== undefined && expires > settings.now.getTime())
      changed.expiresAt = new Date(expires).toISOString();
  }
  return changed;
}
