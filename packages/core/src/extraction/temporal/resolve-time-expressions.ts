import type { ParsedResult } from "chrono-node/en";
import type { TimeParser } from "./load-time-parser.js";
import { isRecurring, sentenceTense } from "./sentence-tense.js";

/** How precisely a resolved expression names its time. */
export type TimePrecision = "year" | "month" | "day" | "minute";

/** A time expression of a sentence resolved to an instant (UTC). */
export interface ResolvedTime {
  /** The expression as written, e.g. "next Tuesday". */
  text: string;
  /** The instant it names: the start of its year, month or day, or the exact minute. */
  date: Date;
  /** How precisely it names it. */
  precision: TimePrecision;
  /** Whether it depends on the reference time ("last month", "on Friday"), so a stored text should be rewritten. */
  relative: boolean;
  /** Whether it is an offset from the reference ("next Tuesday", "two years ago"), whose direction is certain. */
  offset: boolean;
}

const dayMs = 86_400_000;

// Phrases chrono reads as dates that name none: "one day I want to…", "the other day", "now".
const vague = /^(?:one|some|the other|any) ?day$|^(?:right )?now$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function precisionOf(result: ParsedResult): TimePrecision | undefined {
  const start = result.start;
  if (start.isCertain("day") || start.isCertain("weekday")) return start.isCertain("hour") ? "minute" : "day";
  if (start.isCertain("month")) return "month";
  if (start.isCertain("year")) return "year";
  // A time of day alone ("at 5") names no date.
  return undefined;
}

/** Whether the expression is an offset from the reference ("last month", "in 3 weeks", "tomorrow"). */
function isOffset(result: ParsedResult): boolean {
  const tags = result.tags();
  return tags.has("result/relativeDate") || [...tags].some((tag) => tag.startsWith("casualReference/"));
}

/**
 * chrono computes "last month" from 31 March as 31 February, i.e. 3 March; offsets of months or years are taken
 * from the 1st of the reference month instead and the day clamped to the target month ("last month" → 28 February).
 */
function monthOffset(parse: TimeParser, result: ParsedResult, reference: Date): Date | undefined {
  if (!/\b(?:months?|years?)\b/i.test(result.text)) return undefined;
  const first = new Date(reference);
  first.setUTCDate(1);
  const moved = parse(result.text, first, false)[0]?.start.date();
  if (!moved) return undefined;
  const year = moved.getUTCFullYear();
  const month = moved.getUTCMonth();
  const day = Math.min(reference.getUTCDate(), daysInMonth(year, month + 1));
  return new Date(Date.UTC(year, month, day));
}

/** An implied year or week that lands after the reference in a past-tense sentence moves back one. */
function pastOccurrence(result: ParsedResult, date: Date, reference: Date): Date {
  if (date <= reference || result.start.isCertain("year")) return date;
  const earlier = new Date(date);
  if (!result.start.isCertain("month") && result.start.isCertain("weekday"))
    earlier.setTime(earlier.getTime() - 7 * dayMs);
  else earlier.setUTCFullYear(earlier.getUTCFullYear() - 1);
  return earlier;
}

function truncate(date: Date, precision: TimePrecision): Date {
  if (precision === "minute") return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
  const year = date.getUTCFullYear();
  if (precision === "year") return new Date(Date.UTC(year, 0, 1));
  if (precision === "month") return new Date(Date.UTC(year, date.getUTCMonth(), 1));
  return new Date(Date.UTC(year, date.getUTCMonth(), date.getUTCDate()));
}

/**
 * Resolves the time expressions of one sentence against a reference time, in UTC: named months and years resolve
 * to their first day ("in March" → 1 March), offsets to the day ("last month" from 15 May → 15 April), and the
 * sentence's tense picks the past or next occurrence of a weekday or month. Recurring schedules ("every Monday")
 * and vague words ("soon", "recently") resolve to nothing.
 */
export function resolveTimeExpressions(parse: TimeParser, sentence: string, reference: Date): ResolvedTime[] {
  if (isRecurring(sentence)) return [];
  const tense = sentenceTense(sentence);
  const resolved: ResolvedTime[] = [];
  for (const result of parse(sentence, reference, tense !== "past")) {
    const precision = precisionOf(result);
    if (!precision || vague.test(result.text.trim())) continue;
    const offset = isOffset(result);
    let date = (offset && monthOffset(parse, result, reference)) || result.start.date();
    if (tense === "past" && !offset) date = pastOccurrence(result, date, reference);
    const exact = offset && precision !== "minute" ? truncate(date, "day") : truncate(date, precision);
    const relative = offset || !result.start.isCertain("year");
    resolved.push({ text: result.text, date: exact, precision, relative, offset });
  }
  return resolved;
}
