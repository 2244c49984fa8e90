/** The hashes a filter's `hash` condition names exactly (a string or `{ $in: [...] }`), if it does. */
export function hashesOf(condition: unknown): string[] | undefined {
  if (typeof condition === "string") return [condition];
  const values = (condition as { $in?: unknown } | null)?.$in;
  if (
    condition &&
    typeof condition === "object" &&
    Object.keys(condition).length === 1 &&
    Array.isArray(values)
  ) {
    return values.every((value) => typeof value === "string") ? [...new Set(values as string[])] : undefined;
  }
  return undefined;
}
