import { type MemoryFilter, type Scope, scopeFields, type ValidityOptions } from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { builtInKeys, canonicalMs, exactKey, scopeKeys } from "./field-keys.js";
import { allOf, conjuncts, predicateCount, translateFilter, type WhereClause } from "./where-translation.js";

/** What a read asks Chroma to narrow down. */
export interface WhereRequest extends ValidityOptions {
  /** The scope (exact in Chroma), or null for every scope. */
  scope: Scope | null;
  /** The caller's filter. */
  filter?: MemoryFilter | undefined;
  /** Only records created at or before this canonical ISO date (list cursors). */
  createdAtMost?: string | undefined;
  /** The current time, used when `asOf` is absent. */
  now: string;
}

/**
 * The most selective scope field alone (run, else user, else agent). Chroma evaluates each `where` comparison
 * over the whole collection, so a broad comparison (an agent that owns every memory, a date range such as
 * validity) costs time in proportion to the collection; reads narrowed this way check the rest on our side.
 */
export function narrowestScope(scope: Scope | null): Scope | null {
  if (!scope) return scope;
  if (scope.runId !== undefined) return { runId: scope.runId };
  if (scope.userId !== undefined) return { userId: scope.userId };
  return scope;
}

/** The scope part of a `where` clause: always exact, never dropped. */
export function scopeClauses(scope: Scope | null): WhereClause[] {
  if (!scope) return [];
  return scopeFields.flatMap((field) =>
    scope[field] === undefined ? [] : [{ [scopeKeys[field]]: scope[field] }],
  );
}

function validityClauses(request: WhereRequest): WhereClause[] {
  if (request.includeInvalid) return [];
  const at = canonicalMs(request.asOf ?? request.now);
  if (at === undefined) return [];
  return [{ [builtInKeys.validFrom!.key]: { $lte: at } }, { [builtInKeys.validTo!.key]: { $gt: at } }];
}

function cursorClauses(request: WhereRequest): WhereClause[] {
  const at = canonicalMs(request.createdAtMost);
  return at === undefined ? [] : [{ [builtInKeys.createdAt!.key]: { $lte: at } }];
}

/**
 * Builds the `where` clause of a read: the scope exactly, then as much of the filter, the cursor and the
 * validity window as the predicate budget allows. Records whose values could not all be indexed
 * (`exact: false`) always pass the optional part, so the clause never drops a memory that matches; the
 * caller re-checks every result with core's `matchesScope`, `matchesFilter` and `isValid`.
 */
export function buildWhere(request: WhereRequest, limits: Required<ChromaStoreLimits>): Where | undefined {
  const scope = scopeClauses(request.scope);
  const optional = [
    ...conjuncts(request.filter ? translateFilter(request.filter, limits) : true),
    ...cursorClauses(request),
    ...validityClauses(request),
  ];
  let budget = limits.maxWherePredicates - scope.length - 1;
  const kept: WhereClause[] = [];
  for (const clause of optional) {
    const count = predicateCount(clause);
    if (count > budget) continue;
    kept.push(clause);
    budget -= count;
  }
  const narrowing = allOf(kept);
  const clauses = narrowing ? [...scope, { $or: [{ [exactKey]: false }, narrowing] }] : scope;
  return allOf(clauses) as Where | undefined;
}
