import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { EngramError, InvalidArgumentError, StoreError } from "../errors/index.js";
import { checkPath } from "../validate/check-path.js";
import { describeValue } from "../validate/describe-value.js";
import { snapshotArgument } from "../validate/snapshot-argument.js";
import { checkKnownKeys, plainObjectKeys } from "../validate/well-formed.js";
import { checkWriteBatch } from "../store/check-batch.js";
import { decodeSequenceCursor } from "../store/history-log.js";
import { MemoryIndex } from "../store/memory-index.js";
import type {
  AccessLogQuery,
  MemoryAccess,
  HistoryQuery,
  ListOptions,
  MemoryStore,
  ScopesQuery,
  SearchQuery,
  WriteBatch,
} from "../store/memory-store.js";
import type { AccessLogEntry, Scope } from "../types.js";
import { migrate } from "./sqlite-schema.js";
import { type PreparedBatch, prepareBatch } from "./prepare-batch.js";
import {
  type AccessRow,
  type HistoryRow,
  type MemoryRow,
  accessToRow,
  rowToAccess,
  rowToHistory,
  rowToRecord,
} from "./sqlite-rows.js";
import { scopeCondition } from "./scope-condition.js";

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

/** Checks the store options (read once, so what is checked is what is used) and returns the database path. */
function checkSqliteOptions(options: unknown): string {
  const checked = snapshotArgument(options, "options");
  plainObjectKeys(checked, "options", 'an options object such as { path: "./memory.db" }');
  checkKnownKeys(checked, ["path", "durability", "busyTimeoutMs"], "options");
  const { path: file, durability, busyTimeoutMs } = checked as Record<string, unknown>;
  if (durability !== undefined && durability !== "full" && durability !== "normal")
    throw new InvalidArgumentError({
      argument: "options.durability",
      message: `expected "full" (survives power loss) or "normal" (survives process crashes), got ${describeValue(durability)}.`,
    });
  if (
    busyTimeoutMs !== undefined &&
    (typeof busyTimeoutMs !== "number" || !Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0)
  )
    throw new InvalidArgumentError({
      argument: "options.busyTimeoutMs",
      message: `expected a whole number of milliseconds ≥ 0, e.g. 5000, got ${describeValue(busyTimeoutMs)}.`,
    });
  return checkPath(file, "options.path", 'a database file such as "./memory.db", or ":memory:"');
}

const keepChanges = 50_000;

/** Runs `step`, again after a short pause while SQLite answers SQLITE_BUSY, for at most `timeoutMs`. */
function retryWhileBusy(timeoutMs: number, step: () => void): void {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      step();
      return;
    } catch (error) {
      const code = (error as { code?: string })?.code ?? "";
      if (!code.startsWith("SQLITE_BUSY") || Date.now() + pause > deadline) throw error;
      // Opening is synchronous (createSqliteStore returns the store), so the pause blocks this thread briefly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

/**
 * Creates the embedded default store: SQLite on disk (WAL, atomic transactions, schema migrations) with an
 * in-process search index that follows other processes' writes through `PRAGMA data_version`.
 */
export function createSqliteStore(options: SqliteStoreOptions): MemoryStore {
  const file = checkSqliteOptions(options);
  const fail = (message: string, cause: unknown): never => {
    if (EngramError.isInstance(cause)) throw cause;
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
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    db = new Database(file, { timeout: busyTimeoutMs });
    const opened = db;
    // Several processes may open (and create) one file at once. Switching to WAL can answer SQLITE_BUSY without
    // waiting for the lock, so the mode is only set when the file is not in WAL mode yet, and the opening steps
    // are retried on a busy database until busyTimeoutMs has passed.
    retryWhileBusy(busyTimeoutMs, () => {
      if (opened.pragma("journal_mode", { simple: true }) !== "wal") opened.pragma("journal_mode = WAL");
      // Erased content is overwritten with zeros instead of lingering in free space ("forget means forget").
      opened.pragma("secure_delete = ON");
      opened.pragma(`synchronous = ${options.durability === "normal" ? "NORMAL" : "FULL"}`);
      migrate(opened);
    });
  } catch (cause) {
    return fail(`Could not open the database "${file}"`, cause);
  }

  const statements = {
    upsert:
      db.prepare(`INSERT OR REPLACE INTO memories VALUES (@id, @memory, @type, @hash, @metadata, @user_id, @agent_id,
      @run_id, @created_at, @updated_at, @sources, @valid_from, @valid_to, @superseded_by, @slot, @embedding, @context,
      @version, @unique_key, @expires_at, @archived_at, @pending, @importance, @access_count, @last_accessed_at,
      @merged_into, @derived_from)`),
    touch: db.prepare(
      `UPDATE memories SET access_count = coalesce(access_count, 0) + @count,
       last_accessed_at = CASE WHEN last_accessed_at IS NULL OR last_accessed_at < @at THEN @at ELSE last_accessed_at END
       WHERE id = @id`,
    ),
    remove: db.prepare("DELETE FROM memories WHERE id = ?"),
    change: db.prepare("INSERT INTO changes (memory_id) VALUES (?)"),
    history:
      db.prepare(`INSERT INTO history (id, memory_id, event, previous_value, new_value, actor, created_at, user_id,
      agent_id, run_id, details, erased) VALUES (@id, @memory_id, @event, @previous_value, @new_value, @actor, @created_at,
      @user_id, @agent_id, @run_id, @details, @erased)`),
    versionOf: db.prepare("SELECT version, unique_key FROM memories WHERE id = ?"),
    holderOf: db.prepare("SELECT id FROM memories WHERE unique_key = ?"),
    eraseHistory: db.prepare(
      "UPDATE history SET previous_value = NULL, new_value = NULL, details = NULL, erased = 1 WHERE memory_id = ?",
    ),
    access:
      db.prepare(`INSERT INTO access_log (id, operation, actor, created_at, user_id, agent_id, run_id, query,
      memory_ids) VALUES (@id, @operation, @actor, @created_at, @user_id, @agent_id, @run_id, @query, @memory_ids)`),
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
  const applyBatch = db.transaction((batch: WriteBatch, prepared: PreparedBatch): number => {
    catchUp();
    // The conditions are checked against the database under the write lock: no other process can change a
    // version between this check and the commit.
    checkWriteBatch(batch, {
      current: (id) => {
        const row = statements.versionOf.get(id) as
          | { version: number; unique_key: string | null }
          | undefined;
        return row ? { version: row.version, uniqueKey: row.unique_key ?? undefined } : undefined;
      },
      holderOf: (key) => (statements.holderOf.get(key) as { id: string } | undefined)?.id,
    });
    let lastSeq = appliedSeq;
    for (const { id } of batch.deletes) {
      statements.remove.run(id);
      lastSeq = Number(statements.change.run(id).lastInsertRowid);
    }
    // Rows that give up a deduplication key go first, so the unique index never sees a key twice mid-batch.
    for (const row of prepared.rows) {
      statements.upsert.run(row);
      lastSeq = Number(statements.change.run(row.id).lastInsertRowid);
    }
    for (const id of batch.eraseHistory ?? []) statements.eraseHistory.run(id);
    for (const scope of batch.eraseScopes ?? []) {
      const { sql, values } = scopeCondition(scope);
      db.prepare(
        `UPDATE history SET previous_value = NULL, new_value = NULL, details = NULL, erased = 1 WHERE ${sql}`,
      ).run(...values);
      db.prepare(`DELETE FROM access_log WHERE ${sql}`).run(...values);
    }
    for (const row of prepared.history) statements.history.run(row);
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

  /** Removes erased pages from the WAL file too (the main file's free space is zeroed by secure_delete). */
  const checkpoint = () => {
    if (file !== ":memory:") db.pragma("wal_checkpoint(TRUNCATE)");
  };

  let checkpointDue = false;
  /** Checkpoints after an erasing write; one that fails is retried after the next write and on close. */
  const checkpointIfDue = () => {
    if (!checkpointDue) return;
    try {
      checkpoint();
      checkpointDue = false;
    } catch {
      // The erasure is committed either way; only the WAL copy of the erased pages waits for the next try.
    }
  };

  /**
   * Mirrors a committed batch in the index. Nothing here may make the write look failed: should it throw, the
   * index is rebuilt from the database (the source of truth) on the next operation instead.
   */
  const mirror = (batch: WriteBatch, prepared: PreparedBatch, lastSeq: number) => {
    try {
      for (const { id } of batch.deletes) index.remove(id);
      for (const record of prepared.records) index.upsert(record);
      appliedSeq = lastSeq;
    } catch {
      dataVersion = -1;
    }
  };

  return {
    specificationVersion: "v2",
    name: "sqlite",
    write: (batch: WriteBatch) =>
      guard("write to the database", () => {
        // Everything that can fail on the input fails here, before the transaction: a write either commits and
        // reports success, or reports failure and has changed nothing.
        const prepared = prepareBatch(batch);
        sync();
        const lastSeq = applyBatch.immediate(batch, prepared);
        // Committed: from here on nothing throws, so the write reports success exactly when it committed.
        mirror(batch, prepared, lastSeq);
        if (batch.deletes.length || batch.eraseHistory?.length || batch.eraseScopes?.length)
          checkpointDue = true;
        checkpointIfDue();
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
    scopes: (query: ScopesQuery) =>
      guard("list scopes", () => {
        sync();
        return index.scopeCounts.page(query, new Date().toISOString());
      }),
    history: (query: HistoryQuery) =>
      guard("read history", () => {
        const where = scopeCondition(query.scope ?? {});
        const after = decodeSequenceCursor(query.cursor, "cursor");
        const memory = query.memoryId === undefined ? "" : " AND memory_id = ?";
        const values = [after, ...(query.memoryId === undefined ? [] : [query.memoryId]), ...where.values];
        const limit = query.limit === undefined ? "" : ` LIMIT ${query.limit + 1}`;
        const rows = db
          .prepare(`SELECT * FROM history WHERE seq > ?${memory} AND ${where.sql} ORDER BY seq${limit}`)
          .all(...values) as Array<HistoryRow & { seq: number }>;
        const more = query.limit !== undefined && rows.length > query.limit;
        const page = more ? rows.slice(0, query.limit) : rows;
        const entries = page.map(rowToHistory);
        return more ? { entries, nextCursor: String(page.at(-1)!.seq) } : { entries };
      }),
    touch: (accesses: readonly MemoryAccess[]) =>
      guard("count memory reads", () => {
        sync();
        const lastSeq = db
          .transaction(() => {
            catchUp();
            let seq = appliedSeq;
            for (const access of accesses) {
              if (statements.touch.run(access).changes === 0) continue;
              // Other processes reload the counted memories through the change log.
              seq = Number(statements.change.run(access.id).lastInsertRowid);
            }
            return seq;
          })
          .immediate();
        try {
          index.touch(accesses);
          appliedSeq = lastSeq;
        } catch {
          dataVersion = -1; // committed: rebuild the index on the next operation instead of failing
        }
      }),
    appendAccessLog: (entries: AccessLogEntry[]) =>
      guard("write the access log", () => {
        const rows = entries.map(accessToRow);
        db.transaction(() => {
          for (const row of rows) statements.access.run(row);
        }).immediate();
      }),
    readAccessLog: (query: AccessLogQuery) =>
      guard("read the access log", () => {
        const where = scopeCondition(query.scope);
        const after = decodeSequenceCursor(query.cursor, "cursor");
        const since = query.since === undefined ? "" : " AND created_at >= ?";
        const values = [after, ...(query.since === undefined ? [] : [query.since]), ...where.values];
        const rows = db
          .prepare(`SELECT * FROM access_log WHERE seq > ?${since} AND ${where.sql} ORDER BY seq LIMIT ?`)
          .all(...values, query.limit + 1) as Array<AccessRow & { seq: number }>;
        const more = rows.length > query.limit;
        const page = more ? rows.slice(0, query.limit) : rows;
        const entries = page.map(rowToAccess);
        return more ? { entries, nextCursor: String(page.at(-1)!.seq) } : { entries };
      }),
    getMeta: (key: string) =>
      guard("read a setting", () => (statements.getMeta.get(key) as { value: string } | undefined)?.value),
    setMeta: (key: string, value: string) =>
      guard("write a setting", () => {
        statements.setMeta.run(key, value);
      }),
    reset: () =>
      guard("reset the database", () => {
        db.transaction(() => {
          db.exec("DELETE FROM memories; DELETE FROM history; DELETE FROM meta; DELETE FROM access_log;");
          statements.change.run(resetMarker);
        }).immediate();
        try {
          reload();
        } catch {
          dataVersion = -1; // committed: rebuild the index on the next operation instead of failing
        }
        checkpointDue = true;
        checkpointIfDue();
      }),
    close: () => {
      if (!db.open) return;
      checkpointIfDue();
      db.close();
    },
  };
}
