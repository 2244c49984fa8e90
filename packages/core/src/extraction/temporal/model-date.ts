import type { ResolvedTime } from "./resolve-time-expressions.js";

const isoDate = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Reads a date a model wrote for a memory ("2026-12-08", "2026-11" or "2019") as a resolved time; anything else
 * (another format, an impossible day such as 2026-02-30, a year before 1000) is refused with undefined.
 */
export function parseModelDate(value: string): ResolvedTime | undefined {
  const match = isoDate.exec(value.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (year < 1000 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const precision = match[3] !== undefined ? "day" : match[2] !== undefined ? "month" : "year";
  return { text: "", date, precision, relative: false, offset: false };
}
