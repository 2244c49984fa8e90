import type { JsonValue, MemoryFilter, Scope } from "@engram/core";
import { unsupported } from "./mem0-errors.js";
import { mem0Entities, refuseAppId } from "./mem0-scope.js";

/** A Mem0 filter translated: the scope it names and the Engram filter of the other conditions. */
export interface TranslatedFilters {
  /** The exact entity values (scope): Engram scopes are required, never filters. */
  scope: Scope;
  /** The remaining conditions, if any. */
  filter?: MemoryFilter;
}

const operators: Record<string, string> = {
  in: "$in",
  nin: "$nin",
  gt: "$gt",
  gte: "$gte",
  lt: "$lt",
  lte: "$lte",
  ne: "$ne",
  eq: "$eq",
  contains: "$contains",
};

const fields: Record<string, string> = {
  created_at: "createdAt",
  updated_at: "updatedAt",
  memory_ids: "id",
  keywords: "memory",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One field condition: a value (equality), `"*"` (present), or Mem0 operators. */
function condition(value: unknown, argument: string): JsonValue | Record<string, JsonValue> {
  if (value === "*") return { $exists: true };
  if (!isObject(value)) return value as JsonValue;
  const translated: Record<string, JsonValue> = {};
  for (const [operator, operand] of Object.entries(value)) {
    if (operator === "icontains")
      throw unsupported(
        `${argument}.icontains`,
        "icontains is not supported; use contains (case-sensitive).",
      );
    const engram = operators[operator];
    if (!engram) throw unsupported(`${argument}.${operator}`, `unknown filter operator "${operator}".`);
    translated[engram] = operand as JsonValue;
  }
  return translated;
}

function fieldConditions(key: string, value: unknown, argument: string): MemoryFilter[] {
  if (key === "metadata") {
    if (!isObject(value))
      throw unsupported(argument, "metadata filters are an object of keys and conditions.");
    return Object.entries(value).map(([name, inner]) => ({
      [`metadata.${name}`]: condition(inner, `${argument}.${name}`),
    }));
  }
  if (key === "memory_ids") return [{ id: { $in: value as JsonValue[] } }];
  // Engram has one type per memory where Mem0 has categories: "contains x" is "type is x".
  if (key === "categories") {
    const translated = condition(value, argument);
    if (isObject(translated) && "$contains" in translated) return [{ type: translated.$contains }];
    return [{ type: translated }];
  }
  const field = fields[key];
  if (!field) throw unsupported(argument, `filtering on "${key}" is not supported.`);
  return [{ [field]: condition(value, argument) }];
}

function addEntity(scope: Scope, key: keyof typeof mem0Entities, value: unknown, argument: string): void {
  if (value === "*" || value === null) return; // any value: no constraint
  if (typeof value !== "string") {
    throw unsupported(argument, `${key} must be an exact id (Engram scopes are exact), not an operator.`);
  }
  const field = mem0Entities[key];
  if (scope[field] !== undefined && scope[field] !== value) {
    throw unsupported(argument, `${key} is given twice with different values.`);
  }
  scope[field] = value;
}

function translate(filters: unknown, argument: string, scope: Scope | undefined): MemoryFilter[] {
  if (!isObject(filters)) throw unsupported(argument, "filters must be an object.");
  const conditions: MemoryFilter[] = [];
  for (const [key, value] of Object.entries(filters)) {
    const at = `${argument}.${key}`;
    if (key === "AND") {
      if (!Array.isArray(value)) throw unsupported(at, "AND takes a list of filters.");
      for (const [index, inner] of value.entries())
        conditions.push(...translate(inner, `${at}.${index}`, scope));
    } else if (key === "OR") {
      if (!Array.isArray(value)) throw unsupported(at, "OR takes a list of filters.");
      // Inside OR an entity would be a filter, not a scope, so entities are refused there.
      const options = value.map((inner, index) => and(translate(inner, `${at}.${index}`, undefined)));
      conditions.push({ $or: options });
    } else if (key === "NOT") {
      conditions.push({ $not: and(translate(value, at, undefined)) });
    } else if (key === "app_id") {
      refuseAppId(value, at);
    } else if (Object.hasOwn(mem0Entities, key)) {
      if (!scope)
        throw unsupported(at, `${key} can only be required (top level or AND), not inside OR or NOT.`);
      addEntity(scope, key as keyof typeof mem0Entities, value, at);
    } else {
      conditions.push(...fieldConditions(key, value, at));
    }
  }
  return conditions;
}

function and(conditions: MemoryFilter[]): MemoryFilter {
  return conditions.length === 1 ? conditions[0]! : { $and: conditions };
}

/**
 * Translates Mem0 filters (`{ AND: [...] }`, `{ OR: [...] }`, `NOT`, operators `in, nin, gt, gte, lt, lte, ne, eq,
 * contains`, `"*"`) into an Engram scope (exact user_id, agent_id, run_id) and an Engram filter on
 * created_at, updated_at, categories (the memory type), keywords (the text), metadata and memory_ids.
 */
export function translateMem0Filters(filters: unknown, argument = "filters"): TranslatedFilters {
  if (filters === undefined || filters === null) return { scope: {} };
  const scope: Scope = {};
  const conditions = translate(filters, argument, scope);
  return conditions.length > 0 ? { scope, filter: and(conditions) } : { scope };
}
