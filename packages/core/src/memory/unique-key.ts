import { scopeFields } from "../scope.js";
import type { Scope } from "../types.js";

/** Which memories a write is reconciled with: the write's user/agent level, or exactly its scope. */
export type ReconciliationMode = "user" | "scope";

/**
 * The scope a write is reconciled in. In "user" mode a write that names a user or an agent is reconciled with
 * every memory of that user (and agent) across runs; a write that names only a run stays in its run.
 */
export function reconciliationScope(scope: Scope, mode: ReconciliationMode): Scope {
  if (mode === "scope" || (scope.userId === undefined && scope.agentId === undefined)) return { ...scope };
  const wider: Scope = {};
  if (scope.userId !== undefined) wider.userId = scope.userId;
  if (scope.agentId !== undefined) wider.agentId = scope.agentId;
  return wider;
}

/** The part of a deduplication key that names the reconciliation scope. */
export function uniqueKeyPrefix(scope: Scope): string {
  return JSON.stringify(scopeFields.map((field) => scope[field] ?? null));
}

/** The deduplication key of a text hash inside a reconciliation scope (given by its prefix). */
export function uniqueKeyOf(prefix: string, hash: string): string {
  return `${prefix}#${hash}`;
}

/** The prefix of an existing key, so a changed text keeps its memory's reconciliation scope. */
export function prefixOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf("#"));
}
