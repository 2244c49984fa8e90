import type { MemoryRecord, WriteBatch } from "@engram/core";
import { batchKeyTime } from "./batch-key.js";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import { deleteState, type StateRecord, upsertState } from "./state-records.js";

type StoredRecord = Omit<MemoryRecord, "embedding"> & { embedding: string };
interface StoredBatch {
  v: 1;
  upserts: StoredRecord[];
  deletes: string[];
  history: WriteBatch["history"];
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
export function serializeBatch(batch: WriteBatch): string {
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
export function deserializeBatch(text: string): WriteBatch {
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

/**
 * The records of a journal: the header (the commit mark, written last) and, when the batch does not fit into
 * one document, parts holding base64 slices of it (written first, so a header always has all its parts).
 */
export function journalRecords(
  batchKey: string,
  batch: WriteBatch,
  maxDocumentBytes: number,
): { header: StateRecord; parts: StateRecord[] } {
  const text = serializeBatch(batch);
  const created = batchKeyTime(batchKey);
  if (Buffer.byteLength(text, "utf8") <= maxDocumentBytes) {
    return {
      header: { id: journalId(batchKey), document: text, metadata: { kind: "journal", created, parts: 0 } },
      parts: [],
    };
  }
  const encoded = Buffer.from(text, "utf8").toString("base64");
  const size = maxDocumentBytes - 64;
  const parts: StateRecord[] = [];
  for (let start = 0; start < encoded.length; start += size) {
    const index = parts.length;
    parts.push({
      id: journalPartId(batchKey, index),
      document: encoded.slice(start, start + size),
      metadata: { kind: "journal-part", created, journal: batchKey },
    });
  }
  const header: StateRecord = {
    id: journalId(batchKey),
    document: "{}",
    metadata: { kind: "journal", created, parts: parts.length },
  };
  return { header, parts };
}

/** Writes a journal: parts first, then the header that commits it. */
export async function writeJournal(
  connection: ChromaConnection,
  records: { header: StateRecord; parts: StateRecord[] },
  writeSize: number,
): Promise<void> {
  await upsertState(connection, records.parts, writeSize, "write the batch journal");
  await upsertState(connection, [records.header], 1, "write the batch journal");
}

/** Removes a journal (header first, so a half-removed journal is never replayed without its parts). */
export async function removeJournal(
  connection: ChromaConnection,
  batchKey: string,
  parts: number,
  writeSize: number,
): Promise<void> {
  await deleteState(connection, [journalId(batchKey)], 1, "remove the batch journal");
  const partIds = Array.from({ length: parts }, (_, index) => journalPartId(batchKey, index));
  await deleteState(connection, partIds, writeSize, "remove the batch journal");
}

/** A journal found in Chroma. */
export interface PendingJournal {
  /** The batch key. */
  key: string;
  /** Number of parts. */
  parts: number;
  /** The header document (the batch itself when it has no parts). */
  document: string;
}

/** Loads the batch of a pending journal; undefined when parts are missing (the journal cannot be replayed). */
export async function loadJournalBatch(
  reads: ChromaReads,
  journal: PendingJournal,
): Promise<WriteBatch | undefined> {
  if (journal.parts === 0) return deserializeBatch(journal.document);
  const ids = Array.from({ length: journal.parts }, (_, index) => journalPartId(journal.key, index));
  const rows = await reads.byIds(ids, ["documents"], "read the batch journal");
  if (ids.some((id) => !rows.has(id))) return undefined;
  const encoded = ids.map((id) => rows.get(id)!.document ?? "").join("");
  return deserializeBatch(Buffer.from(encoded, "base64").toString("utf8"));
}
