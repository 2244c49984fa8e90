import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/index.js";
import { checkDate, earliestAcceptedDate, latestAcceptedDate } from "./check-date.js";

const refusal = (value: unknown): string => {
  try {
    checkDate(value, "options.asOf");
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("options.asOf");
    return (error as Error).message;
  }
  throw new Error(`${String(value)} was accepted`);
};

describe("checkDate", () => {
  it("accepts ISO 8601 dates and date-times with a time zone, and Dates, as canonical ISO strings", () => {
    expect(checkDate("2026-12-05", "a")).toBe("2026-12-05T00:00:00.000Z");
    expect(checkDate("2026-12-05T10:00Z", "a")).toBe("2026-12-05T10:00:00.000Z");
    expect(checkDate("2026-12-05T10:00:00+02:00", "a")).toBe("2026-12-05T08:00:00.000Z");
    expect(checkDate("2026-12-05T10:00:00-0130", "a")).toBe("2026-12-05T11:30:00.000Z");
    expect(checkDate("2026-12-05t10:00:00.123456789z", "a")).toBe("2026-12-05T10:00:00.123Z");
    expect(checkDate("2024-02-29T00:00:00Z", "a")).toBe("2024-02-29T00:00:00.000Z");
    expect(checkDate(new Date(Date.UTC(2026, 0, 1)), "a")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("accepts exactly the years 1970 to 9999", () => {
    expect(checkDate(earliestAcceptedDate, "a")).toBe("1970-01-01T00:00:00.000Z");
    expect(checkDate(latestAcceptedDate, "a")).toBe("9999-12-31T23:59:59.999Z");
    expect(checkDate(new Date(latestAcceptedDate), "a")).toBe(latestAcceptedDate);
    for (const value of [
      "+010000-01-01T00:00:00.000Z",
      "10000-01-01T00:00:00Z",
      new Date(Date.UTC(10_000, 0, 1)),
      new Date(Date.parse(latestAcceptedDate) + 1),
      "9999-12-31T23:00:00-02:00",
      "1969-12-31T23:59:59.999Z",
      new Date(-1),
    ]) {
      expect(refusal(value)).toMatch(
        /dates run from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z|expected an ISO 8601/,
      );
    }
    expect(refusal(new Date(Date.UTC(10_000, 0, 1)))).toMatch(/got \+010000-01-01T00:00:00.000Z/);
  });

  it("refuses what is not an ISO 8601 date, or not a calendar date, or has no time zone", () => {
    expect(refusal("next tuesday")).toMatch(/expected an ISO 8601 date or date-time/);
    expect(refusal("March 5, 2026")).toMatch(/expected an ISO 8601/);
    expect(refusal("2026-1-5")).toMatch(/expected an ISO 8601/);
    expect(refusal("2026-02-30")).toMatch(/not a calendar date/);
    expect(refusal("2025-02-29T00:00:00Z")).toMatch(/not a calendar date/);
    expect(refusal("2026-13-01")).toMatch(/not a calendar date/);
    expect(refusal("2026-12-05T24:00:00Z")).toMatch(/not a calendar date/);
    expect(refusal("2026-12-05T10:00:00")).toMatch(/no time zone.*local time/);
    expect(refusal("2026-12-05T10:00:00+25:00")).toMatch(/not a time zone offset/);
    expect(refusal(new Date(Number.NaN))).toMatch(/invalid/);
    expect(refusal(1_700_000_000_000)).toMatch(/expected a Date or an ISO 8601 date string/);
    expect(refusal(null)).toMatch(/got null/);
  });
});
