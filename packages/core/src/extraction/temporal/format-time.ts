import { dayMonthYear, monthNames, weekdayNames } from "../../text/calendar.js";
import type { ResolvedTime, TimePrecision } from "./resolve-time-expressions.js";

/**
 * Writes a resolved time for a memory text, readable in a prompt and found by keyword search: "on Tuesday
 * 8 December 2026", "on Tuesday 8 December 2026 at 15:00 UTC", "in November 2026", "in 2024".
 */
export function formatTime(time: Pick<ResolvedTime, "date" | "precision">): string {
  const { date, precision } = time;
  const year = date.getUTCFullYear();
  if (precision === "year") return `in ${year}`;
  if (precision === "month") return `in ${monthNames[date.getUTCMonth()]} ${year}`;
  const day = `on ${weekdayNames[date.getUTCDay()]} ${dayMonthYear(date)}`;
  return precision === "minute" ? `${day} at ${date.toISOString().slice(11, 16)} UTC` : day;
}

/** The ISO 8601 form at the time's precision: "2026", "2026-11", "2026-12-08" or a full instant. */
export function isoAtPrecision(date: Date, precision: TimePrecision): string {
  const iso = date.toISOString();
  if (precision === "year") return iso.slice(0, 4);
  if (precision === "month") return iso.slice(0, 7);
  return precision === "day" ? iso.slice(0, 10) : iso;
}

/** The first instant after the year, month or day the time falls in. */
export function endOfPeriod(time: Pick<ResolvedTime, "date" | "precision">): Date {
  const { date, precision } = time;
  const year = date.getUTCFullYear();
  if (precision === "year") return new Date(Date.UTC(year + 1, 0, 1));
  if (precision === "month") return new Date(Date.UTC(year, date.getUTCMonth() + 1, 1));
  return new Date(Date.UTC(year, date.getUTCMonth(), date.getUTCDate() + 1));
}
