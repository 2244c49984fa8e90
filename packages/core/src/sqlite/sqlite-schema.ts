import type Database from "better-sqlite3";

/** Schema migrations, applied in order; `PRAGMA user_version` records how many have run. */
const migrations: Array<(db: Database.Database) => void> = [
  (db) => {
    db.exec(`
      CREATE TABLE memories (
        id TEXT PRIMARY KEY,
        memory TEXT NOT NULL,
        type TEXT NOT NULL,
        hash TEXT NOT NULL,
        metadata TEXT NOT NULL,
        user_id TEXT,
        agent_id TEXT,
        run_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sources TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_to TEXT,
        superseded_by TEXT,
        slot TEXT,
        embedding BLOB NOT NULL
      );
      CREATE INDEX memories_user ON memories(user_id);
      CREATE INDEX memories_agent ON memories(agent_id);
      CREATE INDEX memories_run ON memories(run_id);
      CREATE TABLE history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        memory_id TEXT NOT NULL,
        event TEXT NOT NULL,
        previous_value TEXT,
        new_value TEXT,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        user_id TEXT,
        agent_id TEXT,
        run_id TEXT,
        details TEXT
      );
      CREATE INDEX history_memory ON history(memory_id, seq);
      CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, memory_id TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  },
  (db) => {
    // 2: text indexed with a memory but not part of it (add's contextWindow).
    db.exec("ALTER TABLE memories ADD COLUMN context TEXT");
  },
  (db) => {
    // 3: versions and deduplication keys of memories, erased history, history by scope, the read audit log.
    db.exec(`
      ALTER TABLE memories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE memories ADD COLUMN unique_key TEXT;
      CREATE UNIQUE INDEX memories_unique_key ON memories(unique_key) WHERE unique_key IS NOT NULL;
      ALTER TABLE history ADD COLUMN erased INTEGER;
      CREATE INDEX history_user ON history(user_id, seq);
      CREATE INDEX history_agent ON history(agent_id, seq);
      CREATE INDEX history_run ON history(run_id, seq);
      CREATE TABLE access_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        operation TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at TEXT NOT NULL,
        user_id TEXT,
        agent_id TEXT,
        run_id TEXT,
        query TEXT,
        memory_ids TEXT NOT NULL
      );
      CREATE INDEX access_log_user ON access_log(user_id, seq);
      CREATE INDEX access_log_agent ON access_log(agent_id, seq);
      CREATE INDEX access_log_run ON access_log(run_id, seq);
    `);
  },
  (db) => {
    // 4: lifecycle: when a memory expires, when it was archived, whether it waits for review.
    db.exec(`
      ALTER TABLE memories ADD COLUMN expires_at TEXT;
      ALTER TABLE memories ADD COLUMN archived_at TEXT;
      ALTER TABLE memories ADD COLUMN pending INTEGER;
      ALTER TABLE memories ADD COLUMN importance REAL;
      ALTER TABLE memories ADD COLUMN access_count INTEGER;
      ALTER TABLE memories ADD COLUMN last_accessed_at TEXT;
    `);
  },
  (db) => {
    // 5: consolidation: the memory a near-duplicate was merged into, the memories a summary was condensed from.
    db.exec(`
      ALTER TABLE memories ADD COLUMN merged_into TEXT;
      ALTER TABLE memories ADD COLUMN derived_from TEXT;
    `);
  },
];

/** The schema version this code writes. */
export const schemaVersion = migrations.length;

function currentVersion(db: Database.Database): number {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > schemaVersion) {
    throw new Error(
      `the database has schema version ${version}, newer than this Engram's ${schemaVersion}. Upgrade @engram/core to open it.`,
    );
  }
  return version;
}

/**
 * Brings the database to the current schema inside one IMMEDIATE transaction; refuses a newer schema. The version
 * is read again under the write lock, because another process may have migrated the file since the first look.
 */
export function migrate(db: Database.Database): void {
  if (currentVersion(db) === schemaVersion) return;
  db.transaction(() => {
    const version = currentVersion(db);
    for (let step = version; step < schemaVersion; step++) migrations[step]!(db);
    if (version !== schemaVersion) db.pragma(`user_version = ${schemaVersion}`);
  }).immediate();
}
