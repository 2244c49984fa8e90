import { Memory, type MemoryOptions, type MemoryStore } from "@engram/core";
import type { GlobalOptions } from "./cli-options.js";
import { type ResolvedConfig, resolveConfig } from "./resolve-config.js";

/** A Memory over the store the CLI was pointed at, with the store itself for store-level reads. */
export interface OpenedMemory {
  /** The Memory, with the config's memory options. */
  memory: Memory;
  /** The store under it. */
  store: MemoryStore;
  /** The resolved config. */
  config: ResolvedConfig;
}

/** Opens the configured SQLite store (loading the native module only now) and a Memory over it. */
export async function openMemory(options: GlobalOptions): Promise<OpenedMemory> {
  const config = resolveConfig(options);
  const { createSqliteStore } = await import("@engram/core/sqlite");
  const store = createSqliteStore({ path: config.storePath });
  const memoryOptions = typeof config.server.memory === "function" ? {} : (config.server.memory ?? {});
  const memory = new Memory({ ...(memoryOptions as MemoryOptions), store });
  return { memory, store, config };
}

/** Runs `action` with an opened Memory and closes both the Memory and its store afterwards. */
export async function withMemory<T>(
  options: GlobalOptions,
  action: (opened: OpenedMemory) => Promise<T>,
): Promise<T> {
  const opened = await openMemory(options);
  try {
    return await action(opened);
  } finally {
    await opened.memory.close();
    await opened.store.close?.();
  }
}
