import type { MemoryFilter, Scope } from "@engram/core";
import { unsupported } from "./mem0-errors.js";
import { translateMem0Filters } from "./mem0-filters.js";
import { scopeFromEntities } from "./mem0-scope.js";

/** The scope and Engram filter of a Mem0 search or list: its filters plus its top-level entity, metadata and category fields. */
export function readMem0Selection(body: Record<string, unknown>): { scope: Scope; filter?: MemoryFilter } {
  const translated = translateMem0Filters(body.filters);
  const scope: Scope = { ...translated.scope };
  for (const [field, value] of Object.entries(scopeFromEntities(body)) as Array<[keyof Scope, string]>) {
    if (scope[field] !== undefined && scope[field] !== value)
      throw unsupported(field, `the filters and the top-level parameters name different ${field}s.`);
    scope[field] = value;
  }
  const conditions: MemoryFilter[] = translated.filter ? [translated.filter] : [];
  const extra = translateMem0Filters({
    ...(body.metadata ? { metadata: body.metadata } : {}),
    ...(Array.isArray(body.categories) ? { categories: { in: body.categories } } : {}),
    ...(typeof body.start_date === "string" ? { created_at: { gte: body.start_date } } : {}),
  });
  if (extra.filter) conditions.push(extra.filter);
  if (typeof body.end_date === "string") conditions.push({ createdAt: { $lte: body.end_date } });
  if (conditions.length === 0) return { scope };
  return { scope, filter: conditions.length === 1 ? conditions[0]! : { $and: conditions } };
}
