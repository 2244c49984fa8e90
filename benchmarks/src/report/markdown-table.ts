/** Renders a GitHub-flavoured markdown table; numeric-looking columns are right-aligned. */
export function markdownTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const numeric = headers.map(
    (_, column) =>
      cells.length > 0 && cells.every((row) => /^[-\d.,×x%<>~ ]+$|^n\/a$/u.test(row[column] ?? "")),
  );
  const line = (values: string[]) => `| ${values.join(" | ")} |`;
  const rule = headers.map((_, column) => (numeric[column] ? "---:" : "---"));
  return [line(headers), line(rule), ...cells.map(line)].join("\n");
}

/** Formats a number with a sensible number of digits for a table (e.g. 0.412, 12.3, 4,210). */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "n/a";
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString("en-US");
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** Formats a ratio such as 123.4×. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "n/a" : `${formatNumber(value)}×`;
}
