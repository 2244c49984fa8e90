import {
  checkWriteBatch,
  erasedEntry,
  type HistoryEntry,
  type HistoryPage,
  type HistoryQuery,
  type MemoryRecord,
  matchesScope,
  type Scope,
  type WriteBatch,
} from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaBatch } from "./chroma-batch.js";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import { chunkMetadata, chunksOf, splitUtf8 } from "./metadata-chunks.js";
import { deleteState, historyRecordId, type StateRecord, upsertState } from "./state-records.js";

/** What the conditional write needs: reads of current records and of history, and the connection. */
export interface ConditionalWriteContext {
  /** Reads memories by id (any scope). */
  get(ids: string[]): Promise<MemoryRecord[]>;
  /** Current memories with any of these text hashes (any scope), to find deduplication-key holders. */
  withHashes(hashes: string[]): Promise<MemoryRecord[]>;
  /** The state collection's reads. */
  stateReads: ChromaReads;
  /** The connection. */
  connection: ChromaConnection;
  /** Metadata and request limits. */
  limits: { maxMetadataKeys: number; maxMetadataValueBytes: number; maxRecordsPerWrite: number };
}

/**
 * Checks a batch's version and deduplication-key conditions against the records stored now, for the journaled
 * writer. The caller holds the batch's write claims (`write-claims.ts`), so no other process can change those
 * memories or keys between this check and the batch being applied.
 */
export async function checkedBatch(
  context: ConditionalWriteContext,
  batch: WriteBatch,
): Promise<ChromaBatch> {
  const ids = [
    ...new Set([...batch.upserts.map((record) => record.id), ...batch.deletes.map((ref) => ref.id)]),
  ];
  const current = new Map((ids.length ? await context.get(ids) : []).map((record) => [record.id, record]));
  const claimed = batch.upserts.filter((record) => record.uniqueKey !== undefined);
  const holders = new Map<string, string>();
  if (claimed.length) {
    for (const record of await context.withHashes([...new Set(claimed.map((item) => item.hash))])) {
      if (record.uniqueKey !== undefined) holders.set(record.uniqueKey, record.id);
    }
  }
  checkWriteBatch(batch, { current: (id) => current.get(id), holderOf: (key) => holders.get(key) });
  return { upserts: batch.upserts, deletes: batch.deletes.map((ref) => ref.id), history: batch.history };
}

interface StoredHistory {
  id: string;
  sequence: string;
  entry: HistoryEntry;
}

async function storedHistory(reads: ChromaReads, where: Where): Promise<StoredHistory[]> {
  const rows = await reads.scan(where, ["documents", "metadatas"], "read the history");
  return rows
    .map((row) => {
      const parsed = JSON.parse(row.document || chunksOf(row.metadata) || "null") as {
        sequence: string;
        entry: HistoryEntry;
      } | null;
      return parsed?.entry ? { id: row.id, sequence: parsed.sequence, entry: parsed.entry } : undefined;
    })
    .filter((item): item is StoredHistory => item !== undefined)
    .sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
}

/** Reads history as the store contract says (oldest first; an offset cursor). */
export async function readHistoryPage(reads: ChromaReads, query: HistoryQuery): Promise<HistoryPage> {
  const where: Where =
    query.memoryId === undefined
      ? { kind: "history" }
      : { $and: [{ kind: "history" }, { memory_id: query.memoryId }] };
  const entries = (await storedHistory(reads, where))
    .map((item) => item.entry)
    .filter((entry) => matchesScope(entry, query.scope));
  const start = query.cursor === undefined ? 0 : Number.parseInt(query.cursor, 10) || 0;
  if (query.limit === undefined) return { entries: entries.slice(start) };
  const page = entries.slice(start, start + query.limit);
  const next = start + page.length;
  return next < entries.length ? { entries: page, nextCursor: String(next) } : { entries: page };
}

/**
 * Erases the content of history entries (of these memories, or of these scopes): each entry record is removed
 * and written again content-free under its id and sequence, so no chunk of the old text survives in metadata.
 */
export async function eraseHistory(
  context: ConditionalWriteContext,
  memoryIds: readonly string[],
  scopes: readonly Scope[],
  keep: ReadonlySet<string>,
): Promise<void> {
  const found: StoredHistory[] = [];
  for (const memoryId of memoryIds) {
    found.push(
      ...(await storedHistory(context.stateReads, { $and: [{ kind: "history" }, { memory_id: memoryId }] })),
    );
  }
  if (scopes.length) {
    const all = await storedHistory(context.stateReads, { kind: "history" });
    found.push(...all.filter((item) => scopes.some((scope) => matchesScope(item.entry, scope))));
  }
  const records: StateRecord[] = [];
  const seen = new Set<string>();
  for (const item of found) {
    // The batch's own new entries (a tombstone, a redacted text) were written after the erase point: keep them.
    if (seen.has(item.id) || keep.has(item.entry.id) || (item.entry.erased && item.entry.newValue === null))
      continue;
    seen.add(item.id);
    const text = JSON.stringify({ v: 1, sequence: item.sequence, entry: erasedEntry(item.entry) });
    const chunks = splitUtf8(text, context.limits.maxMetadataValueBytes);
    const inMetadata = chunks.length <= context.limits.maxMetadataKeys - 3;
    records.push({
      id: historyRecordId(item.entry.id),
      document: inMetadata ? "" : text,
      metadata: {
        kind: "history",
        memory_id: item.entry.memoryId,
        sequence: item.sequence,
        ...(inMetadata ? chunkMetadata(chunks) : {}),
      },
    });
  }
  if (!records.length) return;
  const size = context.limits.maxRecordsPerWrite;
  await deleteState(
    context.connection,
    records.map((record) => record.id),
    size,
    "erase history",
  );
  await upsertState(context.connection, records, size, "erase history");
}
