import type { ChromaBatch } from "./chroma-batch.js";
import type { ChromaConnection } from "./chroma-connection.js";
import { type ChromaReads, chunk } from "./chroma-reads.js";
import type { ChromaWriteStep, ResolvedChromaStoreOptions } from "./chroma-store-options.js";
import { batchKeyField } from "./field-keys.js";
import { type EncodedRecord, encodeRecord } from "./record-codec.js";
import { encodeHistory, type StateRecord, upsertState } from "./state-records.js";

/** What applying a batch needs. */
export interface ApplyContext {
  connection: ChromaConnection;
  memoryReads: ChromaReads;
  options: ResolvedChromaStoreOptions;
}

/** Encodes a batch's upserts (last one wins per id); throws before anything is written if one is invalid. */
export function encodeUpserts(
  batch: ChromaBatch,
  batchKey: string,
  options: ResolvedChromaStoreOptions,
): EncodedRecord[] {
  const byId = new Map<string, EncodedRecord>();
  for (const record of batch.upserts) byId.set(record.id, encodeRecord(record, batchKey, options.limits));
  return [...byId.values()];
}

async function step(
  options: ResolvedChromaStoreOptions,
  name: ChromaWriteStep,
  batchKey: string,
): Promise<void> {
  await options.onWriteStep?.(name, batchKey);
}

/** Drops writes to memories that a later batch has written since (replays must not undo newer data). */
async function skipNewer(
  context: ApplyContext,
  batchKey: string,
  upserts: EncodedRecord[],
  deletes: string[],
) {
  const current = await context.memoryReads.byIds(
    [...upserts.map((record) => record.id), ...deletes],
    ["metadatas"],
    "replay a batch",
  );
  const newer = (id: string) => {
    const written = current.get(id)?.metadata?.[batchKeyField];
    return typeof written === "string" && written > batchKey;
  };
  return {
    upserts: upserts.filter((record) => !newer(record.id)),
    deletes: deletes.filter((id) => !newer(id)),
  };
}

async function upsertMemories(
  context: ApplyContext,
  records: EncodedRecord[],
  progress: { changed: boolean },
): Promise<void> {
  for (const part of chunk(records, context.options.limits.maxRecordsPerWrite)) {
    await context.connection.on("memories", "write memories", (collection) =>
      collection.upsert({
        ids: part.map((record) => record.id),
        embeddings: part.map((record) => record.embedding),
        documents: part.map((record) => record.document),
        metadatas: part.map((record) => record.metadata),
      }),
    );
    progress.changed = true;
  }
}

async function deleteMemories(context: ApplyContext, ids: string[]): Promise<void> {
  for (const part of chunk(ids, context.options.limits.maxRecordsPerWrite)) {
    await context.connection.on("memories", "delete memories", (collection) =>
      collection.delete({ ids: part }),
    );
  }
}

/**
 * Applies a journaled batch. Every step is idempotent, so a batch can be applied again after a crash:
 * upserts first (the step Chroma may refuse, e.g. for a vector of the wrong size; `progress.changed` tells
 * whether anything was written before a refusal),
 * then deletes (ids that are also upserted need no delete: the upsert replaces them), then history together
 * with the writer's generation record (last, in the last request: readers' caches rely on it coming after
 * every data step). A replay skips memories that a later batch wrote meanwhile.
 */
export async function applyBatch(
  context: ApplyContext,
  batch: ChromaBatch,
  batchKey: string,
  replay: boolean,
  generation: StateRecord,
  progress: { changed: boolean } = { changed: false },
): Promise<void> {
  let upserts = encodeUpserts(batch, batchKey, context.options);
  const upserted = new Set(upserts.map((record) => record.id));
  let deletes = [...new Set(batch.deletes)].filter((id) => !upserted.has(id));
  if (replay) ({ upserts, deletes } = await skipNewer(context, batchKey, upserts, deletes));
  await upsertMemories(context, upserts, progress);
  await step(context.options, "memories-upserted", batchKey);
  await deleteMemories(context, deletes);
  await step(context.options, "memories-deleted", batchKey);
  await upsertState(
    context.connection,
    [...encodeHistory(batch.history, batchKey, context.options.limits), generation],
    context.options.limits.maxRecordsPerWrite,
    "write history",
  );
  await step(context.options, "history-written", batchKey);
}
