import { UnsupportedCapabilityError } from "../errors/index.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import { scopeFields } from "../scope.js";
import type { AccessLogEntry, HistoryEntry, MemoryItem, Scope } from "../types.js";
import type { ExtractionSettings } from "./add-memories.js";
import { listPages } from "../store/list-pages.js";
import { applyOperations } from "./apply-operations.js";
import type { MemoryContext } from "./memory-context.js";
import type { MemoryExport } from "./memory-options.js";
import type { GuardedOperation } from "./memory-operation.js";
import { toItem } from "./to-item.js";

/** The result of `deleteAll()`. */
export interface DeleteAllResult {
  /** How many memories were forgotten. */
  deleted: number;
  /** How many the `beforeWrite` hook or the agent's policy kept (their history is then kept too). */
  refused?: number;
}

/**
 * Implements `memory.deleteAll()`: forgets every memory of the scope (current, superseded and invalidated), then
 * erases the content of every history entry of the scope and its access log, so nothing said in it remains.
 * Memories changed concurrently are re-read and forgotten in a further pass.
 */
export async function deleteAllInScope(
  context: MemoryContext,
  settings: ExtractionSettings,
  scope: Scope,
  actor: string,
): Promise<DeleteAllResult> {
  const guards = writeGuards(settings.options, scope.agentId);
  let deleted = 0;
  let refused = 0;
  for (let pass = 0; pass < 8; pass++) {
    let conflicts = 0;
    refused = 0;
    for await (const page of listPages(context.store, { scope, limit: 500, includeInvalid: true })) {
      const planned: GuardedOperation[] = page.records.map((target) => ({ event: "DELETE", target }));
      const allowed = await screenOperations(planned, {
        scope,
        ...guards,
        findDuplicate: () => Promise.resolve(undefined),
      });
      refused += allowed.skipped.length;
      const applied = await applyOperations(context, scope, allowed.operations, actor, {
        onConflict: "skip",
      });
      deleted += applied.results.length;
      conflicts += applied.skipped.length;
    }
    if (conflicts === 0) break;
  }
  if (refused === 0) {
    await context.store.write({ upserts: [], deletes: [], history: [], eraseScopes: [{ ...scope }] });
  }
  return refused ? { deleted, refused } : { deleted };
}

/** Implements `memory.export()`: every memory of the scope and every history entry of it, oldest first. */
export async function exportScope(context: MemoryContext, scope: Scope): Promise<MemoryExport> {
  const memories: MemoryItem[] = [];
  const history: HistoryEntry[] = [];
  const now = context.now().toISOString();
  for await (const page of listPages(context.store, { scope, limit: 500, includeInvalid: true })) {
    memories.push(...page.records.map((record) => toItem(record, now)));
  }
  let cursor: string | undefined;
  do {
    const page = await context.store.history({ scope, limit: 1000, ...(cursor ? { cursor } : {}) });
    history.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return { scope: { ...scope }, exportedAt: context.now().toISOString(), memories, history };
}

/** Records one read in the access log, when the Memory has it on. */
export async function recordAccess(
  context: MemoryContext,
  read: Omit<AccessLogEntry, "id" | "createdAt" | "userId" | "agentId" | "runId"> & { scope: Scope | null },
): Promise<void> {
  if (context.accesses && read.memoryIds.length)
    await context.accesses.note(read.memoryIds, context.now().toISOString());
  if (!context.accessLog) return;
  const { scope, ...rest } = read;
  const entry: AccessLogEntry = { id: context.generateId(), createdAt: context.now().toISOString(), ...rest };
  for (const field of scopeFields) if (scope?.[field] !== undefined) entry[field] = scope[field];
  await context.store.appendAccessLog!([entry]);
}

/** Fails unless the store can keep an access log. */
export function requireAccessLogSupport(context: MemoryContext): void {
  if (context.store.appendAccessLog && context.store.readAccessLog) return;
  throw new UnsupportedCapabilityError({
    capability: "accessLog",
    message: `The ${context.store.name} store cannot keep an access log (it has no appendAccessLog/readAccessLog); use the SQLite, in-memory or Chroma store, or turn accessLog off.`,
  });
}
