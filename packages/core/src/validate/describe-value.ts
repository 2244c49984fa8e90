/**
 * A short, always-printable description of any value for an error message: numbers and BigInts as written,
 * strings quoted and cut to 40 characters, everything else by kind. Never throws (no JSON.stringify, no getters).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "number":
      return String(value);
    case "bigint":
      return `the BigInt ${value}n`;
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    default:
      if (value === null) return "null";
      try {
        return Array.isArray(value) ? "an array" : "an object";
      } catch {
        return "an unreadable object";
      }
  }
}
