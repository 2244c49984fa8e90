import { builtInFilterFields, type FieldOperators, type JsonValue, type MemoryFilter } from "@engram/core";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { type BuiltInKey, builtInKeys, canonicalMs, isIndexableScalar, metadataKey } from "./field-keys.js";

/** A Chroma `where` expression, built loosely and handed to the client as its `Where` type. */
export type WhereClause = Record<string, unknown>;

/** A filter part Chroma can evaluate, or `true` when it runs on our side only (a superset in Chroma). */
export type Translated = WhereClause | true;

/** Where a field lives in Chroma metadata. */
interface FieldTarget {
  key: string;
  kind: BuiltInKey["kind"] | "metadata";
  /** `$ne` / `$nin` may run in Chroma (the key is rewritten on every write, so it is never stale). */
  negatable: boolean;
}

const builtIns = new Set<string>(builtInFilterFields);
type Scalar = string | number | boolean;

/** Resolves a filter field the way core's `readFilterField` does; undefined when Chroma cannot see it. */
function targetOf(field: string, limits: Required<ChromaStoreLimits>): FieldTarget | undefined {
  if (builtIns.has(field)) {
    const builtIn = builtInKeys[field];
    return builtIn ? { key: builtIn.key, kind: builtIn.kind, negatable: builtIn.alwaysPresent } : undefined;
  }
  const path = field.startsWith("metadata.") ? field.slice("metadata.".length) : field;
  const key = metadataKey(path, limits);
  return key ? { key, kind: "metadata", negatable: false } : undefined;
}

/** The Chroma form of an operand, or undefined when comparing it in Chroma would not be exact. */
function operand(
  target: FieldTarget,
  value: unknown,
  limits: Required<ChromaStoreLimits>,
): Scalar | undefined {
  if (target.kind === "date") return canonicalMs(value);
  return isIndexableScalar(value, limits) ? value : undefined;
}

function and(parts: Translated[]): Translated {
  const clauses = parts.filter((part): part is WhereClause => part !== true);
  if (clauses.length === 0) return true;
  return clauses.length === 1 ? clauses[0]! : { $and: clauses };
}

function or(parts: Translated[]): Translated {
  if (parts.length === 0 || parts.some((part) => part === true)) return true;
  return parts.length === 1 ? parts[0]! : { $or: parts };
}

/** Splits scalars by type: Chroma's `$in`/`$nin` need one type per list. */
function byType(values: Scalar[]): Scalar[][] {
  const groups = new Map<string, Scalar[]>();
  for (const value of values) groups.set(typeof value, [...(groups.get(typeof value) ?? []), value]);
  return [...groups.values()];
}

function listOperands(
  target: FieldTarget,
  values: unknown,
  limits: Required<ChromaStoreLimits>,
): Scalar[] | undefined {
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const converted = values.map((value) => operand(target, value, limits));
  return converted.every((value) => value !== undefined) ? (converted as Scalar[]) : undefined;
}

function comparison(
  target: FieldTarget,
  operator: string,
  value: unknown,
  limits: Required<ChromaStoreLimits>,
): Translated {
  const { key } = target;
  switch (operator) {
    case "$eq": {
      const converted = operand(target, value, limits);
      return converted === undefined ? true : { [key]: { $eq: converted } };
    }
    case "$ne": {
      const converted = target.negatable ? operand(target, value, limits) : undefined;
      return converted === undefined ? true : { [key]: { $ne: converted } };
    }
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte": {
      // Chroma orders numbers only: dates as ms, metadata numbers as they are.
      const converted = operand(target, value, limits);
      return typeof converted === "number" ? { [key]: { [operator]: converted } } : true;
    }
    case "$in": {
      const values = listOperands(target, value, limits);
      return values ? or(byType(values).map((group) => ({ [key]: { $in: group } }))) : true;
    }
    case "$nin": {
      const values = target.negatable ? listOperands(target, value, limits) : undefined;
      return values ? and(byType(values).map((group) => ({ [key]: { $nin: group } }))) : true;
    }
    default:
      return true; // $exists and $contains run on our side
  }
}

function isOperatorObject(value: unknown): value is FieldOperators {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith("$"));
}

function translateField(field: string, condition: unknown, limits: Required<ChromaStoreLimits>): Translated {
  const target = targetOf(field, limits);
  if (!target) return true;
  if (!isOperatorObject(condition)) return comparison(target, "$eq", condition as JsonValue, limits);
  return and(
    Object.entries(condition).map(([operator, value]) => comparison(target, operator, value, limits)),
  );
}

/**
 * Translates an Engram filter into a Chroma `where` clause that matches a superset of the filter's memories
 * (exactly the same set whenever every part is expressible). The caller re-checks with `matchesFilter`.
 */
export function translateFilter(filter: MemoryFilter, limits: Required<ChromaStoreLimits>): Translated {
  const parts: Translated[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (key === "$and")
      parts.push(and((condition as MemoryFilter[]).map((sub) => translateFilter(sub, limits))));
    else if (key === "$or")
      parts.push(or((condition as MemoryFilter[]).map((sub) => translateFilter(sub, limits))));
    else if (key === "$not")
      parts.push(true); // Chroma has no negation of arbitrary clauses
    else parts.push(translateField(key, condition, limits));
  }
  return and(parts);
}

/** Top-level conjuncts of a clause (so a predicate budget can keep some and drop others). */
export function conjuncts(clause: Translated): WhereClause[] {
  if (clause === true) return [];
  const list = clause.$and;
  return Array.isArray(list) ? (list as WhereClause[]).flatMap((part) => conjuncts(part)) : [clause];
}

/** Number of field comparisons in a clause (what Chroma Cloud counts against its predicate quota). */
export function predicateCount(clause: WhereClause): number {
  let count = 0;
  for (const [key, value] of Object.entries(clause)) {
    if (key === "$and" || key === "$or")
      count += (value as WhereClause[]).reduce((sum, part) => sum + predicateCount(part), 0);
    else count += 1;
  }
  return count;
}

/** Joins clauses with `$and` (Chroma needs at least two entries in a list), or undefined for none. */
export function allOf(clauses: WhereClause[]): WhereClause | undefined {
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}
