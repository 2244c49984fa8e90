import type { JsonValue, StoredMemory } from "../types.js";
import type { MemoryFilter } from "./filter-types.js";
import { readFilterField } from "./filter-fields.js";

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((key) => key.startsWith("$"))
  );
}

/** Deep equality for JSON values (key order does not matter). */
export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, index) => jsonEquals(value, b[index]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, JsonValue>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      (key) => Object.hasOwn(bRecord, key) && jsonEquals((a as Record<string, JsonValue>)[key], bRecord[key]),
    )
  );
}

/** Orders two values of the same primitive type; undefined when they cannot be compared. */
function compare(a: JsonValue | undefined, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function matchOperator(value: JsonValue | undefined, operator: string, operand: unknown): boolean {
  switch (operator) {
    case "$eq":
      return jsonEquals(value, operand as JsonValue);
    case "$ne":
      return !jsonEquals(value, operand as JsonValue);
    case "$gt":
      return (compare(value, operand) ?? Number.NaN) > 0;
    case "$gte":
      return (compare(value, operand) ?? Number.NaN) >= 0;
    case "$lt":
      return (compare(value, operand) ?? Number.NaN) < 0;
    case "$lte":
      return (compare(value, operand) ?? Number.NaN) <= 0;
    case "$in":
      return (operand as JsonValue[]).some((candidate) => jsonEquals(value, candidate));
    case "$nin":
      return !(operand as JsonValue[]).some((candidate) => jsonEquals(value, candidate));
    case "$exists":
      return (value !== undefined && value !== null) === operand;
    case "$contains":
      if (typeof value === "string") return typeof operand === "string" && value.includes(operand);
      if (Array.isArray(value)) return value.some((element) => jsonEquals(element, operand as JsonValue));
      return false;
    default:
      return false;
  }
}

/**
 * Evaluates a (validated) filter against a memory. Semantics every store must share: equality is deep JSON
 * equality; range operators compare numbers with numbers and strings with strings, and are false otherwise;
 * `$ne`/`$nin` hold for missing fields; `$exists` treats null as absent.
 */
export function matchesFilter(item: StoredMemory, filter: MemoryFilter | undefined): boolean {
  if (!filter) return true;
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === "$and") {
      if (!(condition as MemoryFilter[]).every((sub) => matchesFilter(item, sub))) return false;
    } else if (key === "$or") {
      if (!(condition as MemoryFilter[]).some((sub) => matchesFilter(item, sub))) return false;
    } else if (key === "$not") {
      if (matchesFilter(item, condition as MemoryFilter)) return false;
    } else {
      const value = readFilterField(item, key);
      if (isOperatorObject(condition)) {
        for (const [operator, operand] of Object.entries(condition)) {
          if (!matchOperator(value, operator, operand)) return false;
        }
      } else if (!jsonEquals(value, condition as JsonValue)) {
        return false;
      }
    }
  }
  return true;
}
