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

/** Opens the default store: SQLite at `<dir>/memory.db`. */
export async function loadDefaultStore(directory: string | undefined): Promise<MemoryStore> {
  const folder = path.resolve(directory ?? process.env.ENGRAM_DIR ?? ".engram");
  try {
    // Literal relative specifiers: bundlers follow them, and the native module still loads only on first use.
    const module = await import("../sqlite.js");
    return module.createSqliteStore({ path: path.join(folder, "memory.db") });
  } catch (error) {
    if (isMissingModule(error, "better-sqlite3")) {
      throw new EngramError({
        message:
          "No store was configured, and the default SQLite store needs the better-sqlite3 package. Install it (npm install better-sqlite3; a bundler must leave it external), or pass a store: new Memory({ store: createInMemoryStore() }).",
        cause: error,
      });
    }
    throw error;
  }
}

/** Creates the default embedder: offline word vectors. */
export async function loadDefaultEmbedder(): Promise<Embedder> {
  // Its word vectors are read at first embed, so a missing file surfaces there with the settings to change.
  const module = await import("../wink.js");
  return module.createWinkEmbedder();
}
