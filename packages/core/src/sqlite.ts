// Entry "@engram/core/sqlite": the embedded SQLite store. Importing it loads the native better-sqlite3 module.
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export { schemaVersion } from "./sqlite/sqlite-schema.js";
