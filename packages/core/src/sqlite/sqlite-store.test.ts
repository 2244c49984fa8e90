import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import { runMemoryStoreTests } from "../testing/run-memory-store-tests.js";
import { createSqliteStore } from "./sqlite-store.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-sqlite-conformance-"));
let count = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The file of each store, so a reopen opens the same database as a new process would. */
const files = new WeakMap<MemoryStore, string>();
const open = (file: string) => {
  const store = createSqliteStore({ path: file, durability: "normal" });
  files.set(store, file);
  return store;
};

runMemoryStoreTests({
  name: "sqlite",
  createStore: () => open(path.join(folder, `store-${++count}.db`)),
  reopenStore: async (store) => {
    const file = files.get(store)!;
    await store.close?.();
    return open(file);
  },
  isolationRuns: 150,
  storedBytes: (store) => {
    const file = files.get(store)!;
    const parts = [file, `${file}-wal`, `${file}-shm`].filter((name) => existsSync(name));
    return Buffer.concat(parts.map((name) => readFileSync(name)));
  },
});
