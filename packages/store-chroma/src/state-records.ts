import { type HistoryEntry, matchesScope, type Scope } from "@engram/core";
import type { Metadata } from "chromadb";
import { historySequence } from "./batch-key.js";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { chunkMetadata, chunksOf, splitUtf8 } from "./metadata-chunks.js";
import { type ChromaReads, chunk } from "./chroma-reads.js";

/** Records of the state collection carry no meaningful vector; Chroma still needs one. */
export const placeholderEmbedding = [1];

/** What a state record holds. */
export type StateKind =
  | "history"
  | "meta"
  | "journal"
  | "journal-part"
  | "journal-failed"
  | "generation"
  | "claim"
  | "access";

/** A record ready for the state collection. */
export interface StateRecord {
  id: string;
  document: string;
  metadata: Metadata;
}

/** The state-collection id of a history entry. */
export const historyRecordId = (entryId: string) => `h:${entryId}`;
/** The state-collection id of a setting. */
export const metaRecordId = (key: string) => `meta:${key}`;

/**
 * Encodes the history entries of one batch, numbered so they read back in write order. The entry is kept in
 * metadata chunks (no full-text index, see `chunkMetadata`); one too large for them goes into the document.
 */
export function encodeHistory(
  entries: readonly HistoryEntry[],
  batchKey: string,
  limits: Pick<Required<ChromaStoreLimits>, "maxMetadataKeys" | "maxMetadataValueBytes">,
): StateRecord[] {
  const byId = new Map<string, StateRecord>();
  entries.forEach((entry, index) => {
    const sequence = historySequence(batchKey, index);
    const text = JSON.stringify({ v: 1, sequence, entry });
    const chunks = splitUtf8(text, limits.maxMetadataValueBytes);
    const inMetadata = chunks.length <= limits.maxMetadataKeys - 3;
    byId.set(entry.id, {
      id: historyRecordId(entry.id),
      document: inMetadata ? "" : text,
      metadata: {
        kind: "history",
        memory_id: entry.memoryId,
        sequence,
        ...(inMetadata ? chunkMetadata(chunks) : {}),
      },
    });
  });
  return [...byId.values()];
}

/** Upserts state records in writes of at most `size` records. */
export async function upsertState(
  connection: ChromaConnection,
  records: readonly StateRecord[],
  size: number,
  what: string,
): Promise<void> {
  for (const part of chunk(records, size)) {
    await connection.on("state", what, (collection) =>
      collection.upsert({
        ids: part.map((record) => record.id),
        embeddings: part.map(() => placeholderEmbedding),
        documents: part.map((record) => record.document),
        metadatas: part.map((record) => record.metadata),
      }),
    );
  }
}

/** Deletes state records by id in writes of at most `size` ids. */
export async function deleteState(
  connection: ChromaConnection,
  ids: readonly string[],
  size: number,
  what: string,
): Promise<void> {
  for (const part of chunk(ids, size)) {
    await connection.on("state", what, (collection) => collection.delete({ ids: part }));
  }
}

/** Reads the history of one memory, oldest first, dropping entries outside the scope. */
export async function readHistory(
  reads: ChromaReads,
  memoryId: string,
  scope: Scope | null,
): Promise<HistoryEntry[]> {
  const rows = await reads.scan(
    { $and: [{ kind: "history" }, { memory_id: memoryId }] },
    ["documents", "metadatas"],
    "read the history",
  );
  return rows
    .map(
      (row) =>
        JSON.parse(row.document || chunksOf(row.metadata) || "null") as {
          sequence: string;
          entry: HistoryEntry;
        },
    )
    .filter(({ entry }) => entry && matchesScope(entry, scope))
    .sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0))
    .map(({ entry }) => entry);
}

/** Reads a setting. */
export async function readMeta(reads: ChromaReads, key: string): Promise<string | undefined> {
  const row = (await reads.byIds([metaRecordId(key)], ["documents"], "read a setting")).get(
    metaRecordId(key),
  );
  return row ? (JSON.parse(row.document ?? "null") as { value: string }).value : undefined;
}

/** Writes a setting (one record, so atomic on its own). */
export async function writeMeta(connection: ChromaConnection, key: string, value: string): Promise<void> {
  const record: StateRecord = {
    id: metaRecordId(key),
    document: JSON.stringify({ v: 1, value }),
    metadata: { kind: "meta" },
  };
  await upsertState(connection, [record], 1, "write a setting");
}
