/** English month names, January first (index = `Date.getUTCMonth()`). */
export const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** English weekday names, Sunday first (index = `Date.getUTCDay()`). */
export const weekdayNames = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

/** "8 May 2023": the UTC calendar day of a date, as written in prose and matched by keyword search. */
export function dayMonthYear(date: Date): string {
  return `${date.getUTCDate()} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
