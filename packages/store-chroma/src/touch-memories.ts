import type { MemoryAccess } from "@engram/core";
import type { ChromaConnection } from "./chroma-connection.js";
import { type ChromaReads, chunk } from "./chroma-reads.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { batchKeyField } from "./field-keys.js";
import { decodeRecord, encodeRecord } from "./record-codec.js";
import { acquireClaims, type ClaimContext, newClaimToken, releaseClaims } from "./write-claims.js";

/** What counting reads needs. */
export interface TouchContext {
  connection: ChromaConnection;
  memoryReads: ChromaReads;
  claims: ClaimContext;
  limits: Required<ChromaStoreLimits>;
}

/**
 * Counts reads of memories (`MemoryStore.touch`). The counts live in the memory's document, so each one is
 * rewritten; to never write an older version over a newer one, the rewrite holds the write claim of the memory's
 * next version (as a versioned write would) and re-reads the memory under it. Memories that a writer is changing
 * right now are skipped: read counts are approximate by contract, versions are not.
 */
export async function touchMemories(context: TouchContext, accesses: readonly MemoryAccess[]): Promise<void> {
  const byId = new Map(accesses.map((access) => [access.id, access]));
  for (const part of chunk([...byId.keys()], context.limits.maxRecordsPerWrite)) {
    const before = await context.memoryReads.byIds(part, ["documents", "embeddings"], "count memory reads");
    const versions = new Map<string, number>();
    for (const [id, row] of before) {
      if (row.embedding) versions.set(id, decodeRecord(row.document, row.embedding).version);
    }
    if (!versions.size) continue;
    const token = newClaimToken();
    const claims = [...versions].map(([id, version]) => `c:v:${id}:${version + 1}`);
    try {
      await acquireClaims({ ...context.claims, claimWaitMs: 0 }, claims, token);
    } catch {
      continue; // a writer holds one of them: these reads go uncounted
    }
    try {
      const rows = await context.memoryReads.byIds(
        [...versions.keys()],
        ["documents", "embeddings", "metadatas"],
        "count memory reads",
      );
      const ids: string[] = [];
      const documents: string[] = [];
      const embeddings: number[][] = [];
      for (const [id, row] of rows) {
        if (!row.embedding) continue;
        const record = decodeRecord(row.document, row.embedding);
        if (record.version !== versions.get(id)) continue; // changed meanwhile
        const access = byId.get(id)!;
        record.accessCount = (record.accessCount ?? 0) + access.count;
        if (record.lastAccessedAt === undefined || record.lastAccessedAt < access.at)
          record.lastAccessedAt = access.at;
        const encoded = encodeRecord(record, String(row.metadata?.[batchKeyField] ?? ""), context.limits);
        ids.push(id);
        documents.push(encoded.document);
        embeddings.push(encoded.embedding);
      }
      if (ids.length) {
        // Only the document changes: the metadata (filters, batch key) stays as the last versioned write left it.
        await context.connection.on("memories", "count memory reads", (collection) =>
          collection.update({ ids, documents, embeddings }),
        );
      }
    } finally {
      await releaseClaims(context.connection, token).catch(() => undefined);
    }
  }
}
