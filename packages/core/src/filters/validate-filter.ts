import { InvalidArgumentError } from "../errors/index.js";
import { scopeFields } from "../scope.js";
import type { MemoryFilter } from "./filter-types.js";

const fieldOperators = new Set([
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
  "$exists",
  "$contains",
]);
const scopeKeys = new Set<string>([...scopeFields, "user_id", "agent_id", "run_id"]);

function fail(path: string, message: string): never {
  throw new InvalidArgumentError({ argument: path, message });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateOperators(path: string, operators: Record<string, unknown>): void {
  const keys = Object.keys(operators);
  if (keys.length === 0) fail(path, "an operator object needs at least one operator, e.g. { $eq: 1 }.");
  for (const key of keys) {
    const value = operators[key];
    if (!fieldOperators.has(key)) {
      fail(`${path}.${key}`, `unknown operator; use one of ${[...fieldOperators].join(" ")}.`);
    }
    if ((key === "$in" || key === "$nin") && !Array.isArray(value))
      fail(`${path}.${key}`, "expected an array.");
    if (key === "$exists" && typeof value !== "boolean") fail(`${path}.${key}`, "expected true or false.");
    if (
      ["$gt", "$gte", "$lt", "$lte"].includes(key) &&
      typeof value !== "number" &&
      typeof value !== "string"
    ) {
      fail(`${path}.${key}`, "expected a number or a string (for example an ISO date).");
    }
  }
}

/** Checks a filter's shape and throws an InvalidArgumentError naming the bad part. */
export function validateFilter(filter: unknown, path = "options.filters"): MemoryFilter {
  if (!isPlainObject(filter)) fail(path, 'expected an object such as { topic: "food" }.');
  for (const [key, value] of Object.entries(filter)) {
    const here = `${path}.${key}`;
    if (value === undefined) continue;
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(value) || value.length === 0) fail(here, "expected a non-empty array of filters.");
      for (const [index, sub] of value.entries()) validateFilter(sub, `${here}[${index}]`);
    } else if (key === "$not") {
      validateFilter(value, here);
    } else if (key.startsWith("$")) {
      fail(here, "unknown logical operator; use $and, $or or $not.");
    } else if (scopeKeys.has(key)) {
      fail(here, `scope is not a filter: pass ${key.replace(/_id$/, "Id")} as a top-level option instead.`);
    } else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith("$"))) {
      validateOperators(here, value);
    }
  }
  return filter as MemoryFilter;
}
