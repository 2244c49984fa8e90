import { embedOptions, embedTexts } from "../embedders/embed-texts.js";
import { DuplicateMemoryError, VersionConflictError } from "../errors/index.js";
import type { SkippedOperation } from "../extraction/extraction-options.js";
import { memoryState } from "../store/validity.js";
import { buildBatch } from "./build-batch.js";
import { expiryOf } from "./lifecycle-options.js";
import { indexedText } from "./indexed-text.js";
import type { AddResultItem } from "./memory-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { MemoryOperation, UpdateOperation } from "./memory-operation.js";
import type { MemoryRecord, Scope } from "../types.js";

/** How a plan is applied. */
export interface ApplySettings {
  /** Deduplication-key prefix of new memories (their reconciliation scope); none: no store-level dedup. */
  uniquePrefix?: string;
  /**
   * What a version conflict does: "skip" drops the operations whose target changed or vanished and reports them
   * (the extraction pipeline); "throw" rejects with the VersionConflictError (by-id calls retry or report it).
   * @default "skip"
   */
  onConflict?: "skip" | "throw";
  /** Expiry of new memories given by the caller (null: never); absent: each type's TTL policy decides. */
  expiresAt?: string | null;
  /** Importance of new memories given by the caller; absent: the extractor's, else estimated from the text. */
  importance?: number;
}

/** The outcome of applying a plan. */
export interface AppliedOperations {
  /** What happened to each memory. */
  results: AddResultItem[];
  /** Operations dropped because their target changed or vanished since it was read. */
  skipped: SkippedOperation[];
  /** The operations written (those of the plan not dropped; a duplicate resolved to NONE is a new object). */
  written: MemoryOperation[];
}

function conflictSkip(operation: MemoryOperation, detail: string): SkippedOperation {
  const memory =
    operation.event === "ADD" || operation.event === "SUMMARIZE" ? operation.memory : operation.target.memory;
  const event =
    operation.event === "MERGE" || operation.event === "SUMMARIZE" || operation.event === "SUPERSEDE"
      ? "UPDATE"
      : operation.event;
  return { reason: "conflict", event, memory, detail };
}

/** The existing memories an operation writes besides its target (merged duplicates, condensed sources). */
function otherTargets(operation: MemoryOperation): MemoryRecord[] {
  if (operation.event === "MERGE") return operation.merged;
  if (operation.event === "SUMMARIZE") return operation.from;
  return [];
}

/**
 * Drops what a version conflict invalidated: an operation on a changed or vanished memory is skipped (never
 * written back); an ADD that superseded a memory that vanished still adds, one whose superseded memory changed
 * is skipped (it was planned against a value that is no longer there).
 */
function withoutConflicts(
  operations: MemoryOperation[],
  error: VersionConflictError,
  skipped: SkippedOperation[],
): MemoryOperation[] {
  const current = new Map(error.conflicts.map((conflict) => [conflict.memoryId, conflict.currentVersion]));
  const kept: MemoryOperation[] = [];
  for (const operation of operations) {
    if (operation.event === "ADD") {
      const superseded = operation.supersedes ?? [];
      const changed = superseded.find((old) => current.has(old.id) && current.get(old.id) !== null);
      if (changed) {
        skipped.push(conflictSkip(operation, `"${changed.memory}" changed while this add was planned.`));
        continue;
      }
      const remaining = superseded.filter((old) => !current.has(old.id));
      kept.push(remaining.length === superseded.length ? operation : { ...operation, supersedes: remaining });
      continue;
    }
    const touched = [
      ...(operation.event === "SUMMARIZE" ? [] : [operation.target]),
      ...otherTargets(operation),
    ];
    const changed = touched.find((record) => current.has(record.id));
    if (!changed) {
      kept.push(operation);
      continue;
    }
    const vanished = current.get(changed.id) === null;
    if (operation.event !== "NONE") {
      skipped.push(
        conflictSkip(
          operation,
          `the memory ${vanished ? "was removed" : "changed"} while this add was planned.`,
        ),
      );
    }
  }
  return kept;
}

/** Replaces the ADD that claimed an already-held deduplication key by NONE on the memory holding it. */
async function withDuplicateResolved(
  context: MemoryContext,
  operations: MemoryOperation[],
  error: DuplicateMemoryError,
  keys: Map<MemoryOperation, string | undefined>,
  settings: ApplySettings,
): Promise<MemoryOperation[]> {
  const [holder] = await context.store.get([error.existingId], null);
  const now = context.now();
  return operations.map((operation) => {
    if (keys.get(operation) !== error.uniqueKey) return operation;
    if (operation.event === "ADD" && holder) {
      const state = memoryState(holder, now.toISOString());
      // Known (or already waiting for review): nothing to store.
      if (state === "active" || state === "pending") return { event: "NONE", target: holder };
      // Told again while archived or expired: the memory comes back (restored, its expiry renewed).
      const explicit = operation.expiresAt !== undefined ? operation.expiresAt : settings.expiresAt;
      const expiresAt = expiryOf(context.lifecycle, holder.type, now, explicit) ?? null;
      return {
        event: "UPDATE",
        target: holder,
        ...(holder.archivedAt !== undefined ? { archived: false } : {}),
        ...(state === "expired" || explicit !== undefined ? { expiresAt } : {}),
      };
    }
    // A changed text that now equals another memory (an explicit edit): keep it, without the key.
    return operation.event === "UPDATE" ? { ...operation, unique: false } : operation;
  });
}

/**
 * Applies planned operations as one atomic, version-checked store write (memories and history together),
 * embedding every new or changed text once. New memories get `scope`; existing ones keep theirs. Conflicts with
 * concurrent writers are resolved as `settings.onConflict` says; a duplicate that a concurrent writer stored
 * first becomes NONE.
 */
export async function applyOperations(
  context: MemoryContext,
  scope: Scope,
  operations: MemoryOperation[],
  actor: string,
  settings: ApplySettings = {},
): Promise<AppliedOperations> {
  const embedded = operations.filter(
    (operation) =>
      operation.event === "ADD" ||
      operation.event === "SUMMARIZE" ||
      (operation.event === "UPDATE" && operation.memory !== undefined),
  );
  const texts = embedded.map((operation) =>
    operation.event === "ADD" || operation.event === "SUMMARIZE"
      ? indexedText(operation)
      : indexedText({
          memory: (operation as { memory: string }).memory,
          context: operation.target.context,
          sources: [...operation.target.sources, ...((operation as UpdateOperation).sources ?? [])],
        }),
  );
  const vectors = new Map<MemoryOperation, Float32Array>();
  if (texts.length) {
    const embeddings = await embedTexts(context.embedder, texts, embedOptions(context));
    for (const [index, operation] of embedded.entries()) vectors.set(operation, embeddings[index]!);
  }
  const skipped: SkippedOperation[] = [];
  let pending = operations;
  for (let attempt = 0; ; attempt++) {
    const built = buildBatch(context, scope, pending, actor, vectors, settings);
    const { batch } = built;
    if (!batch.upserts.length && !batch.deletes.length && !batch.history.length)
      return { results: built.results, skipped, written: pending };
    try {
      await context.store.write(batch);
      return { results: built.results, skipped, written: pending };
    } catch (error) {
      if (attempt >= operations.length + 2) throw error;
      if (VersionConflictError.isInstance(error)) {
        if (settings.onConflict === "throw") throw error;
        pending = withoutConflicts(pending, error, skipped);
      } else if (DuplicateMemoryError.isInstance(error)) {
        const next = await withDuplicateResolved(context, pending, error, built.keys, settings);
        for (const [index, operation] of next.entries()) {
          const vector = vectors.get(pending[index]!);
          if (vector) vectors.set(operation, vector);
        }
        pending = next;
      } else throw error;
    }
  }
}
