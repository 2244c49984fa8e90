import type {
  AccessLogEntry,
  AccessLogPage,
  AccessLogQuery,
  HistoryPage,
  MemoryAccess,
  HistoryQuery,
  ListOptions,
  ListResult,
  MemoryRecord,
  MemoryStore,
  Scope,
  SearchCandidate,
  SearchQuery,
  WriteBatch,
} from "@engram/core";
import { matchesScope } from "@engram/core";
import type { ChromaClient } from "chromadb";
import { appendAccessLog, eraseAccessLog, readAccessLog } from "./access-log.js";
import { BatchWriter, type RecoveryResult } from "./batch-writer.js";
import { ChromaConnection } from "./chroma-connection.js";
import { ChromaReads } from "./chroma-reads.js";
import { type ChromaStoreOptions, resolveOptions } from "./chroma-store-options.js";
import { listMemories } from "./list-memories.js";
import { newWriterId } from "./generation.js";
import { decodeRecord } from "./record-codec.js";
import { SearchCache } from "./search-cache.js";
import { searchMemories } from "./search-memories.js";
import { readMeta, writeMeta } from "./state-records.js";
import {
  type ConditionalWriteContext,
  checkedBatch,
  eraseHistory,
  readHistoryPage,
} from "./conditional-write.js";
import { touchMemories } from "./touch-memories.js";
import { acquireClaims, type ClaimContext, claimIds, newClaimToken, releaseClaims } from "./write-claims.js";

/** Options of `ChromaMemoryStore.recover()`. */
export interface ChromaRecoverOptions {
  /** Only complete other processes' batches older than this (ms); 0 completes every unfinished batch now. @default 0 */
  graceMs?: number;
}

/** A MemoryStore backed by Chroma (every method is asynchronous), plus Chroma-specific maintenance. */
export interface ChromaMemoryStore extends MemoryStore {
  /** Checks the batch's versions and deduplication keys, then applies it atomically through a write-ahead journal. */
  write(batch: WriteBatch): Promise<void>;
  /** Reads memories by id; ids outside `scope` (unless null) are absent. */
  get(ids: string[], scope: Scope | null): Promise<MemoryRecord[]>;
  /** Pages through memories, newest first. */
  list(options: ListOptions): Promise<ListResult>;
  /** Returns the union of the top vector and top keyword candidates inside the scope. */
  search(query: SearchQuery): Promise<SearchCandidate[]>;
  /** History entries oldest first, of one memory or of a scope. */
  history(query: HistoryQuery): Promise<HistoryPage>;
  /** Appends read-audit entries (for `accessLog: true`) to the state collection. */
  appendAccessLog(entries: AccessLogEntry[]): Promise<void>;
  /** Read-audit entries of a scope, oldest first. */
  readAccessLog(query: AccessLogQuery): Promise<AccessLogPage>;
  /** Counts reads of memories (for `lifecycle.trackAccess`); memories a writer is changing right now are skipped. */
  touch(accesses: readonly MemoryAccess[]): Promise<void>;
  /** Reads a store-level setting. */
  getMeta(key: string): Promise<string | undefined>;
  /** Writes a store-level setting. */
  setMeta(key: string, value: string): Promise<void>;
  /** Deletes the store's collections: every memory, history entry and setting. */
  reset(): Promise<void>;
  /** Refuses further calls (the client holds no open connection to release). */
  close(): Promise<void>;
  /** The Chroma client in use. */
  readonly client: ChromaClient;
  /** The names of the store's two collections. */
  readonly collections: { readonly memories: string; readonly state: string };
  /** Completes batches left unfinished by crashed writers (or by a server that died mid-write). */
  recover(options?: ChromaRecoverOptions): Promise<RecoveryResult>;
}

/*
 * Search cache coherence. Every batch, live or replayed, ends its data steps (memories upserted, memories
 * deleted) and only then, in the last request of the history step, upserts its writer's generation record
 * `g:<writerId>` with a counter that grows by one per batch (a writer applies its batches one at a time, so
 * these writes reach the server in order). A search first reads every generation record (one `get`), then,
 * on a cache miss, reads the scope; the entry is tagged with what it read first. An entry is used only while
 * the generations (and the state collection's id, which a reset changes) are exactly equal to its tag.
 * - A batch whose generation write finished before the tag was read had finished its data steps before the
 *   scope was read, so the entry holds it.
 * - A batch whose generation write lands after the tag read changes the tag for good (counters only grow),
 *   so every later search reads the scope again; an entry that saw half of it (read mid-batch) is never
 *   used after the batch is acknowledged.
 * - A writer that dies between its data steps and its generation write leaves its journal; whoever completes
 *   the batch (it, on its next operation, or another process after `journal.graceMs`) writes a generation.
 * - This store's own batches update its entries in place, but only entries that already reflected every
 *   earlier batch of this writer (tag counter == the counter before the batch); a failed write makes its
 *   counter uncertain, and then entries are dropped instead.
 * - The recovery sweep deletes generation records silent for a day; entries expire after an hour, so a
 *   record cannot vanish and come back unnoticed within an entry's life.
 * Reads of other processes' half-applied batches are what they are without the cache: concurrent.
 */

/**
 * Creates a store that keeps memories, history and settings in Chroma, so several processes (or machines)
 * can share one memory. Needs a Chroma server: self-hosted, distributed or Chroma Cloud.
 * @example
 * const memory = new Memory({ store: createChromaStore({ host: "localhost", port: 8000 }), embedder });
 */
export function createChromaStore(options: ChromaStoreOptions = {}): ChromaMemoryStore {
  const resolved = resolveOptions(options);
  const connection = new ChromaConnection(resolved);
  const pageSize = resolved.limits.maxResultsPerRequest;
  const memoryReads = new ChromaReads(connection, "memories", pageSize);
  const stateReads = new ChromaReads(connection, "state", pageSize);
  const writerId = newWriterId();
  const cache = resolved.searchCacheRecords
    ? new SearchCache(resolved.searchCacheRecords, writerId, resolved.now)
    : undefined;
  const writer = new BatchWriter({ connection, memoryReads, options: resolved }, stateReads, {
    writerId,
    ...(cache
      ? {
          onCommit: ({ batch, before, after }) =>
            batch ? cache.applyOwnWrite(batch, before, after) : undefined,
        }
      : {}),
  });
  const now = () => new Date(resolved.now()).toISOString();
  const search = { connection, reads: memoryReads, limits: resolved.limits, cache };
  let writing: Promise<unknown> = Promise.resolve();
  const conditional: ConditionalWriteContext = {
    get: async (ids) => store.get(ids, null),
    withHashes: async (hashes) => {
      const found: MemoryRecord[] = [];
      let cursor: string | undefined;
      do {
        // Every record counts, visible or not: an archived or expired memory still holds its key.
        const page = await store.list({
          scope: null,
          includeInvalid: true,
          filter: { hash: { $in: hashes } },
          limit: 500,
          ...(cursor ? { cursor } : {}),
        });
        found.push(...page.records);
        cursor = page.nextCursor;
      } while (cursor);
      return found;
    },
    stateReads,
    connection,
    limits: resolved.limits,
  };

  const claims: ClaimContext = {
    connection,
    stateReads,
    maxRecordsPerWrite: resolved.limits.maxRecordsPerWrite,
    graceMs: resolved.graceMs,
    claimWaitMs: resolved.claimWaitMs,
    now: resolved.now,
  };

  const store: ChromaMemoryStore = {
    specificationVersion: "v2",
    name: "chroma",
    client: connection.client,
    collections: connection.names,
    write(batch: WriteBatch): Promise<void> {
      // This process's writes check and apply one at a time, so its own conditional writes cannot interleave;
      // write claims keep other processes' writes to the same memories and keys out until this one is applied.
      const run = async () => {
        await writer.ensureRecovered();
        const ids = claimIds(batch);
        const token = newClaimToken();
        await acquireClaims(claims, ids, token);
        let checked: Awaited<ReturnType<typeof checkedBatch>>;
        try {
          checked = await checkedBatch(conditional, batch);
        } catch (error) {
          if (ids.length) await releaseClaims(connection, token).catch(() => undefined);
          throw error;
        }
        await writer.write(checked, ids.length ? { token, ids } : undefined);
        if (batch.eraseHistory?.length || batch.eraseScopes?.length) {
          await eraseHistory(
            conditional,
            batch.eraseHistory ?? [],
            batch.eraseScopes ?? [],
            new Set(batch.history.map((entry) => entry.id)),
          );
        }
        if (batch.eraseScopes?.length) await eraseAccessLog(connection, batch.eraseScopes);
      };
      const result = writing.then(run, run);
      writing = result.catch(() => undefined);
      return result;
    },
    async get(ids: string[], scope: Scope | null): Promise<MemoryRecord[]> {
      await writer.ensureRecovered();
      const rows = await memoryReads.byIds(ids, ["documents", "embeddings"], "read memories");
      return ids.flatMap((id) => {
        const row = rows.get(id);
        if (!row?.embedding) return [];
        const record = decodeRecord(row.document, row.embedding);
        return matchesScope(record, scope) ? [record] : [];
      });
    },
    async list(listOptions: ListOptions): Promise<ListResult> {
      await writer.ensureRecovered();
      return listMemories(memoryReads, listOptions, resolved.limits, now());
    },
    async search(query: SearchQuery): Promise<SearchCandidate[]> {
      await writer.ensureRecovered();
      return searchMemories(search, query, now());
    },
    async history(query: HistoryQuery): Promise<HistoryPage> {
      await writer.ensureRecovered();
      return readHistoryPage(stateReads, query);
    },
    async appendAccessLog(entries: AccessLogEntry[]): Promise<void> {
      if (entries.length) await appendAccessLog(connection, entries, resolved.limits, resolved.now());
    },
    async readAccessLog(query: AccessLogQuery): Promise<AccessLogPage> {
      return readAccessLog(stateReads, query);
    },
    async touch(accesses: readonly MemoryAccess[]): Promise<void> {
      await writer.ensureRecovered();
      await touchMemories({ connection, memoryReads, claims, limits: resolved.limits }, accesses);
    },
    async getMeta(key: string): Promise<string | undefined> {
      return readMeta(stateReads, key);
    },
    async setMeta(key: string, value: string): Promise<void> {
      await writeMeta(connection, key, value);
    },
    async reset(): Promise<void> {
      cache?.clear();
      await connection.drop();
      writer.forget();
      cache?.clear();
    },
    recover: (recoverOptions?: ChromaRecoverOptions) => writer.recover(true, recoverOptions?.graceMs ?? 0),
    async close(): Promise<void> {
      connection.close();
      cache?.clear();
    },
  };
  return store;
}
