import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import { byIdScope, scopeFields, scopeOf } from "../scope.js";
import { listPages } from "../store/list-pages.js";
import type { MemoryRecord, Scope } from "../types.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { applyOperations } from "./apply-operations.js";
import { checkActor } from "./by-id-writes.js";
import { parseDuration } from "./lifecycle-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { ByIdScope } from "./memory-options.js";
import type { GuardedOperation } from "./memory-operation.js";

/** Options of `purgeExpired()`: a scope (or `{ anyScope: true }` for maintenance) plus `PurgeExpiredSettings`. */
export type PurgeExpiredOptions = ByIdScope & PurgeExpiredSettings;

/** What `purgeExpired()` takes besides the scope. */
export interface PurgeExpiredSettings {
  /** Only memories expired at least this long ago ("30d", "12h", or ms). @default 0: every expired memory */
  olderThan?: string | number;
  /** Who is recorded in history. */
  actor?: string;
}

/** The result of `purgeExpired()`. */
export interface PurgeExpiredResult {
  /** How many expired memories were forgotten. */
  purged: number;
  /** How many the `beforeWrite` hook or the agent's policy kept. */
  refused?: number;
}

const writeSize = 500;

/** The scope's memories (every scope for null) that expired at least `olderThanMs` ago. */
export async function findExpired(
  context: MemoryContext,
  scope: Scope | null,
  olderThanMs: number,
): Promise<MemoryRecord[]> {
  const cutoff = new Date(context.now().getTime() - olderThanMs).toISOString();
  const expired: MemoryRecord[] = [];
  for await (const page of listPages(context.store, { scope, limit: writeSize, includeInvalid: true })) {
    for (const record of page.records)
      if (record.expiresAt !== undefined && record.expiresAt <= cutoff) expired.push(record);
  }
  return expired;
}

/**
 * Implements `memory.purgeExpired()`: forgets the scope's expired memories (as `delete()` does: content erased,
 * content-free DELETE entries kept), the only path from expired to gone. Runs the write guards on each.
 */
export async function purgeExpired(
  context: MemoryContext,
  settings: ExtractionSettings,
  options: PurgeExpiredOptions,
): Promise<PurgeExpiredResult> {
  const scope = byIdScope(options, "purgeExpired");
  checkKnownKeys(options, [...scopeFields, "anyScope", "olderThan", "actor"], "options");
  const actor = checkActor(options.actor) ?? context.actor;
  const olderThan =
    options.olderThan === undefined ? 0 : parseDuration(options.olderThan, "options.olderThan");
  // Collect first, then forget: deleting while paging could move records across page boundaries.
  const expired = await findExpired(context, scope, olderThan);
  const guards = writeGuards(settings.options, scope?.agentId);
  let purged = 0;
  let refused = 0;
  for (let start = 0; start < expired.length; start += writeSize) {
    const planned: GuardedOperation[] = expired
      .slice(start, start + writeSize)
      .map((target) => ({ event: "DELETE", target, reason: "expired" }));
    const allowed = await screenOperations(planned, {
      scope: scopeOf(expired[start]!),
      ...guards,
      findDuplicate: () => Promise.resolve(undefined),
    });
    refused += allowed.skipped.length;
    // A memory changed meanwhile (renewed, restored) is skipped as a conflict: it is no longer what was planned.
    const applied = await applyOperations(context, scopeOf(expired[start]!), allowed.operations, actor, {
      onConflict: "skip",
    });
    purged += applied.results.length;
  }
  return refused ? { purged, refused } : { purged };
}
