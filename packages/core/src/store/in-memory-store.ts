import { matchesScope } from "../scope.js";
import type { HistoryEntry, Scope } from "../types.js";
import { MemoryIndex } from "./memory-index.js";
import type { ListOptions, MemoryStore, SearchQuery, WriteBatch } from "./memory-store.js";

/** Creates a store that keeps everything in process memory: fast, and gone when the process ends. */
export function createInMemoryStore(): MemoryStore {
  const index = new MemoryIndex();
  const history = new Map<string, HistoryEntry[]>();
  const meta = new Map<string, string>();
  const now = () => new Date().toISOString();

  return {
    specificationVersion: "v1",
    name: "in-memory",
    write(batch: WriteBatch) {
      // Copy first so a caller that later mutates its objects cannot change what was stored.
      const upserts = batch.upserts.map((record) => structuredClone(record));
      const entries = batch.history.map((entry) => structuredClone(entry));
      for (const id of batch.deletes) index.remove(id);
      for (const record of upserts) index.upsert(record);
      for (const entry of entries) {
        const list = history.get(entry.memoryId) ?? [];
        list.push(entry);
        history.set(entry.memoryId, list);
      }
    },
    get: (ids: string[], scope: Scope | null) => index.get(ids, scope),
    list: (options: ListOptions) => index.list(options, now()),
    search: (query: SearchQuery) => index.search(query, now()),
    history: (memoryId: string, scope: Scope | null) =>
      (history.get(memoryId) ?? []).filter((entry) => matchesScope(entry, scope)),
    getMeta: (key: string) => meta.get(key),
    setMeta(key: string, value: string) {
      meta.set(key, value);
    },
    reset() {
      index.clear();
      history.clear();
      meta.clear();
    },
  };
}
