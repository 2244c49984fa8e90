import {
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogQuery,
  InvalidArgumentError,
  matchesScope,
  type Scope,
  scopeFields,
} from "@engram/core";
import type { Where } from "chromadb";
import { historySequence, nextBatchKey } from "./batch-key.js";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { scopeKeys } from "./field-keys.js";
import { chunkMetadata, chunksOf, splitUtf8 } from "./metadata-chunks.js";
import { type StateRecord, upsertState } from "./state-records.js";

/** Metadata keys of an access record that are not payload chunks (kind, sequence, three scope keys). */
const reservedKeys = 5;

/** A `where` clause for the access records of a scope (Chroma compares the scope fields exactly). */
function scopeWhere(scope: Scope): Where {
  const clauses: Where[] = [{ kind: "access" }];
  for (const field of scopeFields) {
    const value = scope[field];
    if (value !== undefined) clauses.push({ [scopeKeys[field]]: value });
  }
  return { $and: clauses };
}

/** Appends read-audit entries to the state collection, numbered so they read back in order. */
export async function appendAccessLog(
  connection: ChromaConnection,
  entries: readonly AccessLogEntry[],
  limits: Required<ChromaStoreLimits>,
  now: number,
): Promise<void> {
  const key = nextBatchKey(now);
  const records = entries.map((entry, index): StateRecord => {
    const text = JSON.stringify(entry);
    const chunks = splitUtf8(text, limits.maxMetadataValueBytes);
    const inMetadata = chunks.length <= limits.maxMetadataKeys - reservedKeys;
    const scope: Record<string, string> = {};
    for (const field of scopeFields) {
      const value = entry[field];
      if (value !== undefined) scope[scopeKeys[field]] = value;
    }
    return {
      id: `a:${entry.id}`,
      document: inMetadata ? "" : text,
      metadata: {
        kind: "access",
        sequence: historySequence(key, index),
        ...scope,
        ...(inMetadata ? chunkMetadata(chunks) : {}),
      },
    };
  });
  await upsertState(connection, records, limits.maxRecordsPerWrite, "write the access log");
}

/** Reads the access log of a scope, oldest first; the cursor is the sequence of the last entry returned. */
export async function readAccessLog(reads: ChromaReads, query: AccessLogQuery): Promise<AccessLogPage> {
  if (query.cursor !== undefined && !/^\d{15}-\d{9}-[0-9a-f]+:\d{6}$/u.test(query.cursor)) {
    throw new InvalidArgumentError({
      argument: "options.cursor",
      message: "expected the nextCursor of a previous accessLog page.",
    });
  }
  const rows = await reads.scan(scopeWhere(query.scope), ["documents", "metadatas"], "read the access log");
  const entries = rows
    .map((row) => ({
      sequence: String(row.metadata?.sequence ?? ""),
      entry: JSON.parse(row.document || chunksOf(row.metadata) || "null") as AccessLogEntry | null,
    }))
    .filter(
      (item): item is { sequence: string; entry: AccessLogEntry } =>
        item.entry !== null &&
        matchesScope(item.entry, query.scope) &&
        (query.since === undefined || item.entry.createdAt >= query.since) &&
        (query.cursor === undefined || item.sequence > query.cursor),
    )
    .sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
  const page = entries.slice(0, query.limit);
  return entries.length > query.limit
    ? { entries: page.map((item) => item.entry), nextCursor: page.at(-1)!.sequence }
    : { entries: page.map((item) => item.entry) };
}

/** Removes every access record of these scopes. */
export async function eraseAccessLog(connection: ChromaConnection, scopes: readonly Scope[]): Promise<void> {
  for (const scope of scopes) {
    await connection.on("state", "erase the access log", (collection) =>
      collection.delete({ where: scopeWhere(scope) }),
    );
  }
}
