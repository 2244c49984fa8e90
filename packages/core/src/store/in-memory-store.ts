import type { MemoryRecord, Scope } from "../types.js";
import { checkWriteBatch } from "./check-batch.js";
import { HistoryLog } from "./history-log.js";
import { MemoryIndex } from "./memory-index.js";
import type { ListOptions, MemoryStore, SearchQuery, WriteBatch } from "./memory-store.js";

/** Creates a store that keeps everything in process memory: fast, and gone when the process ends. */
export function createInMemoryStore(): MemoryStore {
  const index = new MemoryIndex();
  const log = new HistoryLog();
  const byUniqueKey = new Map<string, string>();
  const meta = new Map<string, string>();
  const now = () => new Date().toISOString();
  const forget = (record: MemoryRecord | undefined) => {
    if (record?.uniqueKey !== undefined && byUniqueKey.get(record.uniqueKey) === record.id)
      byUniqueKey.delete(record.uniqueKey);
  };

  return {
    specificationVersion: "v2",
    name: "in-memory",
    write(batch: WriteBatch) {
      // Copy first (a caller that later mutates its objects cannot change what was stored, and a record that
      // cannot be copied fails before anything changes).
      const upserts = batch.upserts.map((record) => structuredClone(record));
      checkWriteBatch(batch, {
        current: (id) => index.get([id], null)[0],
        holderOf: (key) => byUniqueKey.get(key),
      });
      for (const { id } of batch.deletes) forget(index.remove(id));
      for (const record of upserts) forget(index.get([record.id], null)[0]);
      for (const record of upserts) {
        index.upsert(record);
        if (record.uniqueKey !== undefined) byUniqueKey.set(record.uniqueKey, record.id);
      }
      log.eraseMemories(batch.eraseHistory ?? []);
      for (const scope of batch.eraseScopes ?? []) log.eraseScope(scope);
      log.append(batch.history);
    },
    get: (ids: string[], scope: Scope | null) => index.get(ids, scope),
    list: (options: ListOptions) => index.list(options, now()),
    search: (query: SearchQuery) => index.search(query, now()),
    history: (query) => log.read(query),
    appendAccessLog: (entries) => log.appendAccess(entries),
    readAccessLog: (query) => log.readAccess(query),
    touch: (accesses) => index.touch(accesses),
    scopes: (query) => index.scopeCounts.page(query, now()),
    getMeta: (key: string) => meta.get(key),
    setMeta(key: string, value: string) {
      meta.set(key, value);
    },
    reset() {
      index.clear();
      log.clear();
      byUniqueKey.clear();
      meta.clear();
    },
  };
}
