import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { runMemoryStoreTests } from "../testing/run-memory-store-tests.js";
import { createSqliteStore } from "./sqlite-store.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-sqlite-conformance-"));
let count = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

runMemoryStoreTests({
  name: "sqlite",
  createStore: () =>
    createSqliteStore({ path: path.join(folder, `store-${++count}.db`), durability: "normal" }),
});
