import {
  InvalidArgumentError,
  type JsonValue,
  type MemoryRecord,
  readFilterField,
  scopeFields,
  StoreError,
} from "@engram/core";
import type { Metadata } from "chromadb";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import {
  batchKeyField,
  builtInKeys,
  canonicalMs,
  exactKey,
  isIndexableScalar,
  metadataKey,
  openEnded,
  scopeKeys,
} from "./field-keys.js";
import { storeName } from "./to-store-error.js";

/** A memory as Chroma stores it. */
export interface EncodedRecord {
  /** The memory id. */
  id: string;
  /** The embedding as plain numbers. */
  embedding: number[];
  /** The whole record except its embedding, as JSON. */
  document: string;
  /** Scope, built-in fields and metadata paths, for `where` clauses. */
  metadata: Metadata;
}

const documentVersion = 1;

/** Every dotted path into nested metadata objects (arrays are leaves). */
function metadataPaths(
  metadata: Record<string, JsonValue>,
  prefix = "",
  paths = new Set<string>(),
): Set<string> {
  for (const [key, value] of Object.entries(metadata)) {
    const path = prefix + key;
    paths.add(path);
    if (value !== null && typeof value === "object" && !Array.isArray(value))
      metadataPaths(value, `${path}.`, paths);
  }
  return paths;
}

/** Adds the built-in keys; returns false when some built-in value could not be indexed exactly. */
function indexBuiltIns(
  record: MemoryRecord,
  metadata: Metadata,
  limits: Required<ChromaStoreLimits>,
): boolean {
  let exact = true;
  for (const [field, { key, kind }] of Object.entries(builtInKeys)) {
    const value = (record as unknown as Record<string, unknown>)[field];
    if (kind === "date") {
      const ms = field === "validTo" && value === null ? openEnded : canonicalMs(value);
      if (ms === undefined) exact = false;
      else metadata[key] = ms;
    } else if (value !== undefined && value !== null) {
      if (isIndexableScalar(value, limits) && typeof value === "string") metadata[key] = value;
      else exact = false;
    }
  }
  return exact;
}

/** Builds the Chroma metadata of a record: what `where` clauses can see. */
export function indexRecord(
  record: MemoryRecord,
  batchKey: string,
  limits: Required<ChromaStoreLimits>,
): Metadata {
  const metadata: Metadata = { [batchKeyField]: batchKey };
  for (const field of scopeFields) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== "string" || Buffer.byteLength(value, "utf8") > limits.maxMetadataValueBytes) {
      throw new InvalidArgumentError({
        argument: `record.${field}`,
        message: `scope values must be strings of at most ${limits.maxMetadataValueBytes} bytes for Chroma.`,
      });
    }
    metadata[scopeKeys[field]] = value;
  }
  let exact = indexBuiltIns(record, metadata, limits);
  // Keep one key free for the exact flag.
  let room = limits.maxMetadataKeys - Object.keys(metadata).length - 1;
  const item = record as unknown as Parameters<typeof readFilterField>[0];
  for (const path of [...metadataPaths(record.metadata)].sort()) {
    // Read the path the way filters read it (a literal dotted key wins over nested objects).
    const value = readFilterField(item, `metadata.${path}`);
    if (value === null || value === undefined || typeof value === "object") continue; // never compared in Chroma
    const key = metadataKey(path, limits);
    if (key && room > 0 && isIndexableScalar(value, limits)) {
      metadata[key] = value;
      room -= 1;
    } else {
      exact = false;
    }
  }
  metadata[exactKey] = exact;
  return metadata;
}

/** Encodes a record for Chroma; throws before anything is written when it exceeds the document limit. */
export function encodeRecord(
  record: MemoryRecord,
  batchKey: string,
  limits: Required<ChromaStoreLimits>,
): EncodedRecord {
  const { embedding, ...rest } = record;
  const document = JSON.stringify({ v: documentVersion, record: rest });
  if (Buffer.byteLength(document, "utf8") > limits.maxDocumentBytes) {
    throw new InvalidArgumentError({
      argument: "record",
      message: `memory ${record.id} takes more than ${limits.maxDocumentBytes} bytes as a Chroma document; shorten its text or metadata, or raise limits.maxDocumentBytes if your Chroma server allows larger documents.`,
    });
  }
  return {
    id: record.id,
    embedding: Array.from(embedding),
    document,
    metadata: indexRecord(record, batchKey, limits),
  };
}

/** Reads the record part of a stored document (without its embedding). */
export function decodeDocument(document: string | null | undefined): Omit<MemoryRecord, "embedding"> {
  const parsed = JSON.parse(document ?? "null") as {
    v?: number;
    record?: Omit<MemoryRecord, "embedding">;
  } | null;
  if (!parsed || parsed.v !== documentVersion || !parsed.record) {
    throw new StoreError({
      store: storeName,
      message: `A memory document in Chroma is unreadable (version ${String(parsed?.v)}); it was not written by this version of @engram/store-chroma. Upgrade the package, or use another collectionPrefix.`,
    });
  }
  return parsed.record;
}

/** Rebuilds a full record from its document and embedding. */
export function decodeRecord(
  document: string | null | undefined,
  embedding: ArrayLike<number>,
): MemoryRecord {
  return { ...decodeDocument(document), embedding: Float32Array.from(embedding) };
}
