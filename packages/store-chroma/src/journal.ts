import type { ChromaBatch } from "./chroma-batch.js";
import type { MemoryRecord } from "@engram/core";
import { batchKeyTime } from "./batch-key.js";
import type { Metadata } from "chromadb";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { chunkMetadata, chunksOf, splitUtf8 } from "./metadata-chunks.js";
import { deleteState, type StateRecord, upsertState } from "./state-records.js";

type StoredRecord = Omit<MemoryRecord, "embedding"> & { embedding: string };
interface StoredBatch {
  v: 1;
  upserts: StoredRecord[];
  deletes: string[];
  history: ChromaBatch["history"];
}

/** The state-collection id of a journal header. */
export const journalId = (batchKey: string) => `j:${batchKey}`;
/** The state-collection id of one part of a large journal. */
export const journalPartId = (batchKey: string, index: number) => `j:${batchKey}:${index}`;

function encodeEmbedding(embedding: Float32Array): string {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength).toString("base64");
}

function decodeEmbedding(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, "base64");
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Serialises a batch (vectors as base64 float32, so they replay bit for bit). */
export function serializeBatch(batch: ChromaBatch): string {
  const stored: StoredBatch = {
    v: 1,
    upserts: batch.upserts.map(({ embedding, ...rest }) => ({
      ...rest,
      embedding: encodeEmbedding(embedding),
    })),
    deletes: [...batch.deletes],
    history: batch.history,
  };
  return JSON.stringify(stored);
}

/** Reads a serialised batch back. */
export function deserializeBatch(text: string): ChromaBatch {
  const stored = JSON.parse(text) as StoredBatch;
  if (stored.v !== 1) throw new Error(`unknown journal version ${String(stored.v)}`);
  return {
    upserts: stored.upserts.map(({ embedding, ...rest }) => ({
      ...rest,
      embedding: decodeEmbedding(embedding),
    })),
    deletes: stored.deletes,
    history: stored.history,
  };
}

/** Metadata keys of a journal record that are not payload chunks. */
const reservedKeys = 5;

/**
 * The records of a journal: the header (the commit mark) and, when the batch does not fit into one record,
 * parts. The serialised batch is kept in metadata chunks, not documents (see `chunkMetadata`). The header names
 * the batch's write-claim token, if it holds claims (see `write-claims.ts`).
 */
export function journalRecords(
  batchKey: string,
  batch: ChromaBatch,
  limits: Pick<Required<ChromaStoreLimits>, "maxMetadataKeys" | "maxMetadataValueBytes">,
  claimToken?: string,
): { header: StateRecord; parts: StateRecord[] } {
  const chunks = splitUtf8(serializeBatch(batch), limits.maxMetadataValueBytes);
  const perRecord = Math.max(1, limits.maxMetadataKeys - reservedKeys);
  const created = batchKeyTime(batchKey);
  const records: Metadata[] = [];
  for (let start = 0; start < chunks.length; start += perRecord) {
    records.push(chunkMetadata(chunks.slice(start, start + perRecord)));
  }
  const [first = {}, ...rest] = records;
  const parts: StateRecord[] = rest.map((metadata, index) => ({
    id: journalPartId(batchKey, index),
    document: "",
    metadata: { kind: "journal-part", created, journal: batchKey, ...metadata },
  }));
  const header: StateRecord = {
    id: journalId(batchKey),
    document: "",
    metadata: {
      kind: "journal",
      created,
      parts: parts.length,
      format: 2,
      ...(claimToken ? { claims: claimToken } : {}),
      ...first,
    },
  };
  return { header, parts };
}

/**
 * Writes a journal. When it fits into one request, header and parts go together (Chroma applies one request
 * as one log write); otherwise the parts go first and the header, which commits the journal, last. A header
 * whose parts are missing is never replayed (see `loadJournalBatch`).
 */
export async function writeJournal(
  connection: ChromaConnection,
  records: { header: StateRecord; parts: StateRecord[] },
  writeSize: number,
): Promise<void> {
  if (records.parts.length < writeSize) {
    await upsertState(connection, [...records.parts, records.header], writeSize, "write the batch journal");
    return;
  }
  await upsertState(connection, records.parts, writeSize, "write the batch journal");
  await upsertState(connection, [records.header], 1, "write the batch journal");
}

/**
 * Removes a journal, in one request when it fits; otherwise the header first, so a half-removed journal is
 * never replayed without its parts (leftover parts are removed by the recovery sweep).
 */
export async function removeJournal(
  connection: ChromaConnection,
  batchKey: string,
  parts: number,
  writeSize: number,
): Promise<void> {
  const partIds = Array.from({ length: parts }, (_, index) => journalPartId(batchKey, index));
  if (parts < writeSize) {
    await deleteState(connection, [journalId(batchKey), ...partIds], writeSize, "remove the batch journal");
    return;
  }
  await deleteState(connection, [journalId(batchKey)], 1, "remove the batch journal");
  await deleteState(connection, partIds, writeSize, "remove the batch journal");
}

/** A journal found in Chroma. */
export interface PendingJournal {
  /** The batch key. */
  key: string;
  /** Number of parts. */
  parts: number;
  /** The header document (the batch itself in journals of version 1 without parts). */
  document: string;
  /** The header metadata (the first payload chunks in version 2). */
  metadata: Record<string, unknown>;
}

/** Loads the batch of a pending journal; undefined when parts are missing (the journal cannot be replayed). */
export async function loadJournalBatch(
  reads: ChromaReads,
  journal: PendingJournal,
): Promise<ChromaBatch | undefined> {
  const version2 = journal.metadata.format === 2;
  if (journal.parts === 0) return deserializeBatch(version2 ? chunksOf(journal.metadata) : journal.document);
  const ids = Array.from({ length: journal.parts }, (_, index) => journalPartId(journal.key, index));
  const rows = await reads.byIds(ids, version2 ? ["metadatas"] : ["documents"], "read the batch journal");
  if (ids.some((id) => !rows.has(id))) return undefined;
  if (version2)
    return deserializeBatch(
      chunksOf(journal.metadata) + ids.map((id) => chunksOf(rows.get(id)!.metadata)).join(""),
    );
  // Version 1: the parts' documents hold base64 slices of the batch.
  const encoded = ids.map((id) => rows.get(id)!.document ?? "").join("");
  return deserializeBatch(Buffer.from(encoded, "base64").toString("utf8"));
}
