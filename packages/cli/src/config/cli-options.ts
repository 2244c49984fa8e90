/** The options every `engram` command accepts. */
export interface GlobalOptions {
  /** The config file (the same `engram.config.json` the server reads). */
  config?: string;
  /** A SQLite store file to open directly instead of the config's tenant store. */
  store?: string;
  /** The tenant whose store to open (`<dataDir>/tenants/<tenant>/memory.db`). */
  tenant: string;
  /** Print JSON for scripts instead of text. */
  json?: boolean;
}

/** The scope options of commands that read or write one scope. */
export interface ScopeFlags {
  /** The user id. */
  user?: string;
  /** The agent id. */
  agent?: string;
  /** The run id. */
  run?: string;
}
