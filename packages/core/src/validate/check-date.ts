import { InvalidArgumentError } from "../errors/index.js";

/** The earliest date a date option (`asOf`, `expiresAt`, `since`…) accepts. */
export const earliestAcceptedDate = "1970-01-01T00:00:00.000Z";

/** The latest date a date option accepts: the last instant with a four-digit year. */
export const latestAcceptedDate = "9999-12-31T23:59:59.999Z";

const earliestMs = Date.parse(earliestAcceptedDate);
const latestMs = Date.parse(latestAcceptedDate);

// Date `YYYY-MM-DD`, or date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z` or an offset `±HH:MM`.
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/u;

const example = '"2027-01-31T00:00:00Z"';

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a strict ISO 8601 string to epoch ms; a string that is not one gets a message saying what is wrong. */
function parseIso(text: string): number | string {
  const match = isoPattern.exec(text);
  if (!match)
    return `expected an ISO 8601 date or date-time such as ${example}, got ${JSON.stringify(text.slice(0, 40))}`;
  const [, year, month, day, hour, minute, second, , zone] = match;
  const numbers = [year, month, day, hour ?? "0", minute ?? "0", second ?? "0"].map(Number);
  const [y, mo, d, h, mi, s] = numbers as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) {
    return `${JSON.stringify(text)} is not a calendar date and time (month 01–12, a day the month has, hours 00–23)`;
  }
  if (hour !== undefined && zone === undefined) {
    return `the date-time ${JSON.stringify(text)} has no time zone, so it would be read in this machine's local time; end it with "Z" or an offset such as "+02:00"`;
  }
  if (zone && !/^[Zz]$/u.test(zone)) {
    const offset = zone.replace(":", "");
    if (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(3)) > 59)
      return `${JSON.stringify(zone)} is not a time zone offset (±HH:MM)`;
  }
  // Date.parse reads exactly this syntax once the fraction is cut to milliseconds and the offset has its colon.
  const normalized = text
    .replace(/\.(\d{1,3})\d*/u, ".$1")
    .replace(/([+-]\d{2})(\d{2})$/u, "$1:$2")
    .toUpperCase();
  return Date.parse(normalized);
}

/**
 * Checks a date option (a Date or an ISO 8601 string with a time zone) and returns it as a canonical ISO string
 * (`toISOString()`), refusing anything outside `earliestAcceptedDate` … `latestAcceptedDate`: stores compare these
 * strings, and only four-digit years sort in time order, so every store agrees on every accepted date.
 */
export function checkDate(value: unknown, argument: string): string {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "string") {
    const parsed = parseIso(value.trim());
    if (typeof parsed === "string") throw new InvalidArgumentError({ argument, message: `${parsed}.` });
    ms = parsed;
  } else {
    throw new InvalidArgumentError({
      argument,
      message: `expected a Date or an ISO 8601 date string such as ${example}, got ${value === null ? "null" : typeof value}.`,
    });
  }
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError({ argument, message: "the Date is invalid (its time is NaN)." });
  }
  if (ms < earliestMs || ms > latestMs) {
    throw new InvalidArgumentError({
      argument,
      message: `dates run from ${earliestAcceptedDate} to ${latestAcceptedDate}, got ${new Date(ms).toISOString()}; pass a date in that range.`,
    });
  }
  return new Date(ms).toISOString();
}
