import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { Memory } from "./memory.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-defaults-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("zero-config: durable SQLite under the given path and the offline embedder", {
  timeout: 180_000,
}, async () => {
  const first = new Memory({ path: folder });
  await first.add("Has a golden retriever called Biscuit", { userId: "zoe" });
  await first.close();
  expect(existsSync(path.join(folder, "memory.db"))).toBe(true);
  const later = new Memory({ path: folder });
  const { results } = await later.search("what pet does she have? a dog?", { userId: "zoe" });
  expect(results[0]?.memory).toBe("Has a golden retriever called Biscuit");
  await later.close();
});

it("zero-config honours ENGRAM_DIR", { timeout: 180_000 }, async () => {
  const directory = path.join(folder, "from-env");
  process.env.ENGRAM_DIR = directory;
  try {
    const memory = new Memory();
    await memory.add("Prefers tea", { userId: "env" });
    await memory.close();
    expect(existsSync(path.join(directory, "memory.db"))).toBe(true);
  } finally {
    delete process.env.ENGRAM_DIR;
  }
});
