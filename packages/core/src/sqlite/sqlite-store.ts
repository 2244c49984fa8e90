import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { StoreError } from "../errors/index.js";
import { matchesScope } from "../scope.js";
import { MemoryIndex } from "../store/memory-index.js";
import type { ListOptions, MemoryStore, SearchQuery, WriteBatch } from "../store/memory-store.js";
import type { Scope } from "../types.js";
import { migrate } from "./sqlite-schema.js";
import {
  type HistoryRow,
  type MemoryRow,
  historyToRow,
  recordToRow,
  rowToHistory,
  rowToRecord,
} from "./sqlite-rows.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** Database file (its folder is created), or ":memory:". */
  path: string;
  /** "full" fsyncs every commit (survives power loss); "normal" survives process crashes only. @default "full" */
  durability?: "full" | "normal";
  /** How long a write waits for another process's write to finish, in ms. @default 5000 */
  busyTimeoutMs?: number;
}

const resetMarker = "*";
const keepChanges = 50_000;

/**
 * Creates the embedded default store: SQLite on disk (WAL, atomic transactions, schema migrations) with an
 * in-process search index that follows other processes' writes through `PRAGMA data_version`.
 */
export function createSqliteStore(options: SqliteStoreOptions): MemoryStore {
  const file = options.path;
  const fail = (message: string, cause: unknown): never => {
    if (StoreError.isInstance(cause)) throw cause;
    const code = (cause as { code?: string })?.code ?? "";
    const hint =
      code === "SQLITE_BUSY"
        ? "Another process held the database lock too long; retry, or raise busyTimeoutMs."
        : code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT"
          ? `"${file}" is not a readable Engram database; point path at another file or restore it from a backup.`
          : code === "SQLITE_CANTOPEN"
            ? `Check that "${path.dirname(file)}" is writable.`
            : "See the cause for details.";
    throw new StoreError({
      store: "sqlite",
      message: `${message}: ${(cause as Error)?.message ?? cause}. ${hint}`,
      cause,
    });
  };

  let db: Database.Database;
  try {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.durability === "normal" ? "NORMAL" : "FULL"}`);
    migrate(db);
  } catch (cause) {
    return fail(`Could not open the database "${file}"`, cause);
  }

  const statements = {
    upsert:
      db.prepare(`INSERT OR REPLACE INTO memories VALUES (@id, @memory, @type, @hash, @metadata, @user_id, @agent_id,
      @run_id, @created_at, @updated_at, @sources, @valid_from, @valid_to, @superseded_by, @slot, @embedding, @context)`),
    remove: db.prepare("DELETE FROM memories WHERE id = ?"),
    change: db.prepare("INSERT INTO changes (memory_id) VALUES (?)"),
    history:
      db.prepare(`INSERT INTO history (id, memory_id, event, previous_value, new_value, actor, created_at, user_id,
      agent_id, run_id, details) VALUES (@id, @memory_id, @event, @previous_value, @new_value, @actor, @created_at, @user_id,
      @agent_id, @run_id, @details)`),
    readHistory: db.prepare("SELECT * FROM history WHERE memory_id = ? ORDER BY seq"),
    allMemories: db.prepare("SELECT * FROM memories"),
    memoryById: db.prepare("SELECT * FROM memories WHERE id = ?"),
    changesSince: db.prepare("SELECT seq, memory_id FROM changes WHERE seq > ? ORDER BY seq"),
    // Two subqueries: min() and max() together in one SELECT make SQLite scan the whole table.
    changeBounds: db.prepare(
      "SELECT (SELECT min(seq) FROM changes) AS low, (SELECT max(seq) FROM changes) AS high",
    ),
    pruneChanges: db.prepare("DELETE FROM changes WHERE seq <= ?"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
  };

  const index = new MemoryIndex();
  let appliedSeq = 0;
  let dataVersion = -1;

  const reload = db.transaction(() => {
    index.clear();
    for (const row of statements.allMemories.iterate() as Iterable<MemoryRow>) index.upsert(rowToRecord(row));
    appliedSeq = (statements.changeBounds.get() as { high: number | null }).high ?? 0;
  });

  /** Applies the changes committed since the last look, by this or any other process. */
  const catchUp = db.transaction(() => {
    const { low } = statements.changeBounds.get() as { low: number | null };
    if (low !== null && appliedSeq < low - 1) return reload(); // pruned past us: start over
    const rows = statements.changesSince.all(appliedSeq) as Array<{ seq: number; memory_id: string }>;
    if (rows.length === 0) return;
    if (rows.some((row) => row.memory_id === resetMarker)) return reload();
    for (const id of new Set(rows.map((row) => row.memory_id))) {
      const row = statements.memoryById.get(id) as MemoryRow | undefined;
      if (row) index.upsert(rowToRecord(row));
      else index.remove(id);
    }
    appliedSeq = rows.at(-1)!.seq;
  });

  const sync = () => {
    const version = db.pragma("data_version", { simple: true }) as number;
    if (version === dataVersion) return;
    if (dataVersion === -1) reload();
    else catchUp();
    dataVersion = version;
  };

  /**
   * Writes a batch under the write lock. Other processes' commits are applied to the index first (none can land
   * while we hold the lock), so afterwards our own batch goes straight into the index, with no re-read.
   */
  const applyBatch = db.transaction((batch: WriteBatch): number => {
    catchUp();
    let lastSeq = appliedSeq;
    for (const id of batch.deletes) {
      statements.remove.run(id);
      lastSeq = Number(statements.change.run(id).lastInsertRowid);
    }
    for (const record of batch.upserts) {
      statements.upsert.run(recordToRow(record));
      lastSeq = Number(statements.change.run(record.id).lastInsertRowid);
    }
    for (const entry of batch.history) statements.history.run(historyToRow(entry));
    const { low, high } = statements.changeBounds.get() as { low: number | null; high: number | null };
    if (low !== null && high !== null && high - low > keepChanges * 2)
      statements.pruneChanges.run(high - keepChanges);
    return lastSeq;
  });

  const guard = <T>(what: string, action: () => T): T => {
    try {
      if (!db.open)
        throw new StoreError({
          store: "sqlite",
          message: "The store is closed. Create a new store (or Memory) to continue.",
        });
      return action();
    } catch (cause) {
      return fail(`Could not ${what}`, cause);
    }
  };

  return {
    specificationVersion: "v1",
    name: "sqlite",
    write: (batch: WriteBatch) =>
      guard("write to the database", () => {
        sync();
        const lastSeq = applyBatch.immediate(batch);
        // Committed: mirror it in the index (copies, so the caller's later mutations cannot reach it).
        for (const id of batch.deletes) index.remove(id);
        for (const record of batch.upserts) index.upsert(structuredClone(record));
        appliedSeq = lastSeq;
      }),
    get: (ids: string[], scope: Scope | null) =>
      guard("read memories", () => {
        sync();
        return index.get(ids, scope);
      }),
    list: (listOptions: ListOptions) =>
      guard("list memories", () => {
        sync();
        return index.list(listOptions, new Date().toISOString());
      }),
    search: (query: SearchQuery) =>
      guard("search memories", () => {
        sync();
        return index.search(query, new Date().toISOString());
      }),
    history: (memoryId: string, scope: Scope | null) =>
      guard("read history", () =>
        (statements.readHistory.all(memoryId) as HistoryRow[])
          .map(rowToHistory)
          .filter((entry) => matchesScope(entry, scope)),
      ),
    getMeta: (key: string) =>
      guard("read a setting", () => (statements.getMeta.get(key) as { value: string } | undefined)?.value),
    setMeta: (key: string, value: string) =>
      guard("write a setting", () => {
        statements.setMeta.run(key, value);
      }),
    reset: () =>
      guard("reset the database", () => {
        db.transaction(() => {
          db.exec("DELETE FROM memories; DELETE FROM history; DELETE FROM meta;");
          statements.change.run(resetMarker);
        }).immediate();
        reload();
      }),
    close: () => {
      if (db.open) db.close();
    },
  };
}
