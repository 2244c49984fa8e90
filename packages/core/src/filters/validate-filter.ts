import { InvalidArgumentError } from "../errors/index.js";
import { scopeFields } from "../scope.js";
import { describeValue } from "../validate/describe-value.js";
import { type SnapshotLimits, snapshotArgument } from "../validate/snapshot-argument.js";
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

/** Most levels of nested objects and arrays in a filter (`{ $and: [{ a: 1 }] }` has three). */
export const maxFilterDepth = 32;
/** Most objects, arrays and array items in one filter. */
export const maxFilterSize = 10_000;

const filterLimits: SnapshotLimits = { maxDepth: maxFilterDepth, maxNodes: maxFilterSize, what: "a filter" };

function fail(path: string, message: string): never {
  throw new InvalidArgumentError({ argument: path, message });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Refuses anything that is not JSON (BigInt, symbols, functions, NaN, Dates, class instances, undefined in arrays). */
function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(path, `expected a finite number, got ${value}.`);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkJson(item, `${path}[${index}]`);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) checkJson(inner, `${path}.${key}`);
    return;
  }
  fail(
    path,
    `expected a JSON value (a string, finite number, boolean, null, array or plain object), got ${value instanceof Date ? "a Date (pass it as an ISO string)" : describeValue(value)}.`,
  );
}

function validateOperators(path: string, operators: Record<string, unknown>): void {
  const keys = Object.keys(operators);
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
    checkJson(value, `${path}.${key}`);
  }
}

function validateNode(filter: unknown, path: string): void {
  if (!isPlainObject(filter)) fail(path, 'expected an object such as { topic: "food" }.');
  for (const [key, value] of Object.entries(filter)) {
    const here = `${path}.${key}`;
    if (value === undefined) continue;
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(value) || value.length === 0) fail(here, "expected a non-empty array of filters.");
      for (const [index, sub] of value.entries()) validateNode(sub, `${here}[${index}]`);
    } else if (key === "$not") {
      validateNode(value, here);
    } else if (key.startsWith("$")) {
      fail(here, "unknown logical operator; use $and, $or or $not.");
    } else if (scopeKeys.has(key)) {
      fail(here, `scope is not a filter: pass ${key.replace(/_id$/, "Id")} as a top-level option instead.`);
    } else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith("$"))) {
      if (Object.keys(value).some((k) => !k.startsWith("$")))
        fail(here, "mixes operators and plain keys; write { $eq: { … } } to compare with an object.");
      validateOperators(here, value);
    } else {
      checkJson(value, here);
    }
  }
}

/**
 * Checks a filter's shape and throws an InvalidArgumentError naming the bad part; returns a plain copy (read
 * once, so getters and proxies cannot change it afterwards). Values must be JSON; a filter may be nested at most
 * `maxFilterDepth` levels deep and hold at most `maxFilterSize` objects, arrays and items.
 */
export function validateFilter(filter: unknown, path = "options.filters"): MemoryFilter {
  const copy = snapshotArgument(filter, path, filterLimits);
  validateNode(copy, path);
  return copy as MemoryFilter;
}
