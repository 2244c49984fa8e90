import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { StoreError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { schemaVersion } from "./sqlite-schema.js";
import { createSqliteStore } from "./sqlite-store.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-sqlite-durability-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let count = 0;
const newFile = () => path.join(folder, `db-${++count}`, "memory.db");
const embedder = createHashingEmbedder({ dimensions: 64 });
const child = fileURLToPath(new URL("./__fixtures__/sqlite-child.ts", import.meta.url));

function start(args: string[]): { process: ChildProcess; output: Promise<string> } {
  const proc = spawn(process.execPath, ["--import", "tsx", child, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (chunk) => (stdout += chunk));
  proc.stderr!.on("data", (chunk) => (stderr += chunk));
  const output = new Promise<string>((resolve, reject) =>
    proc.on("exit", (code, signal) =>
      code === 0 || signal === "SIGKILL"
        ? resolve(stdout)
        : reject(new Error(`child failed (${code}): ${stderr}`)),
    ),
  );
  return { process: proc, output };
}
const run = (args: string[]) => start(args).output;

describe("sqlite store across processes", () => {
  it("persists across store instances", async () => {
    const file = newFile();
    const first = new Memory({ store: createSqliteStore({ path: file }), embedder });
    const [item] = (await first.add("Keeps bees", { userId: "u" })).results;
    await first.close();
    const second = new Memory({ store: createSqliteStore({ path: file }), embedder });
    expect((await second.get(item!.id, { userId: "u" }))?.memory).toBe("Keeps bees");
    expect((await second.search("bees", { userId: "u" })).results[0]!.id).toBe(item!.id);
    await second.close();
  });

  it("sees another process's adds and deletes without reopening", async () => {
    const file = newFile();
    const store = createSqliteStore({ path: file });
    const memory = new Memory({ store, embedder });
    await memory.add("Parent wrote this", { userId: "u" });
    const added = await run([file, "add", "u", "Child wrote about sailing"]);
    const id = /ADDED (\S+)/.exec(added)![1]!;
    expect((await memory.search("sailing", { userId: "u" })).results[0]!.id).toBe(id);
    await run([file, "delete", id]);
    expect(await memory.get(id, { anyScope: true })).toBeNull();
    expect((await memory.history(id, { anyScope: true })).map((entry) => entry.event)).toEqual([
      "ADD",
      "DELETE",
    ]);
    await memory.close();
  });

  it("lets several processes create the same new database at once", async () => {
    const file = newFile();
    const outputs = await Promise.all(
      ["a", "b", "c", "d"].map((name) => run([file, "add", "u", `written by ${name}`])),
    );
    expect(outputs.every((output) => /ADDED \S+/.test(output))).toBe(true);
    const memory = new Memory({ store: createSqliteStore({ path: file }), embedder });
    expect((await memory.getAll({ userId: "u" })).results).toHaveLength(4);
    await memory.close();
  });

  it("two processes adding the same texts at once store each text once; the later one is told it was known", async () => {
    const file = newFile();
    const count = 200;
    const outputs = await Promise.all([1, 2].map(() => run([file, "add-same", "u", String(count)])));
    const memory = new Memory({ store: createSqliteStore({ path: file }), embedder });
    const stored = (await memory.getAll({ userId: "u", limit: 1000 })).results;
    expect(stored.map((item) => item.memory).sort()).toEqual(
      Array.from({ length: count }, (_, index) => `shared memory number ${index}`).sort(),
    );
    const idOf = new Map(stored.map((item) => [item.memory, item.id]));
    for (let index = 0; index < count; index++) {
      const events = outputs.map((output) => new RegExp(`EVENT ${index} (\\S+) (\\S+)`).exec(output)!);
      expect(events.map((match) => match[1]).sort(), `text ${index}`).toEqual(["ADD", "NONE"]);
      expect(events.every((match) => match[2] === idOf.get(`shared memory number ${index}`))).toBe(true);
    }
    await memory.close();
  });

  it("two processes updating one memory at once lose no update, and history's 'before' is always true", async () => {
    const file = newFile();
    const memory = new Memory({ store: createSqliteStore({ path: file }), embedder });
    const [item] = (await memory.add("initial", { userId: "u", infer: false })).results;
    const count = 40;
    await Promise.all([1, 2].map(() => run([file, "update-many", item!.id, String(count)])));
    expect((await memory.get(item!.id, { userId: "u" }))!.version).toBe(1 + 2 * count);
    const history = await memory.history(item!.id, { userId: "u" });
    expect(history).toHaveLength(1 + 2 * count);
    for (let index = 1; index < history.length; index++)
      expect(history[index]!.previousValue).toBe(history[index - 1]!.newValue);
    await memory.close();
  });

  it("keeps every acknowledged write of two concurrent writer processes", async () => {
    const file = newFile();
    const outputs = await Promise.all([
      run([file, "add-many", "u", "40"]),
      run([file, "add-many", "u", "40"]),
    ]);
    const acked = outputs.flatMap((output) => [...output.matchAll(/ACK (\S+)/g)].map((match) => match[1]!));
    expect(acked).toHaveLength(80);
    const memory = new Memory({ store: createSqliteStore({ path: file }), embedder });
    const all = await memory.getAll({ userId: "u", limit: 1000 });
    expect(all.results.map((item) => item.id).sort()).toEqual([...acked].sort());
    await memory.close();
  });

  it("survives a writer killed mid-write: no corruption, no lost acknowledged write, no half-applied batch", async () => {
    const file = newFile();
    const writer = start([file, "add-forever", "victim"]);
    const acked: string[] = [];
    await new Promise<void>((resolve) => {
      writer.process.stdout!.on("data", (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/ACK (\S+)/g)) acked.push(...match[1]!.split(","));
        if (acked.length >= 150) resolve();
      });
    });
    writer.process.kill("SIGKILL");
    await writer.output;
    const raw = new Database(file);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    const ids = (raw.prepare("SELECT id FROM memories").all() as Array<{ id: string }>).map((row) => row.id);
    const added = (
      raw.prepare("SELECT memory_id FROM history WHERE event = 'ADD'").all() as Array<{ memory_id: string }>
    ).map((row) => row.memory_id);
    raw.close();
    expect(ids).toEqual(expect.arrayContaining(acked));
    expect(ids.length % 5).toBe(0); // whole batches only
    expect([...added].sort()).toEqual([...ids].sort()); // memories and history agree
  });
});

describe("sqlite store errors", () => {
  it("refuses a database written by a newer schema", () => {
    const file = newFile();
    createSqliteStore({ path: file }).close!();
    const raw = new Database(file);
    raw.pragma("user_version = 99");
    raw.close();
    expect(() => createSqliteStore({ path: file })).toThrow(
      new RegExp(`schema version 99, newer than this Engram's ${schemaVersion}\\. Upgrade @engram/core`),
    );
  });

  it("migrates a version-1 database and keeps its memories", async () => {
    const file = newFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const raw = new Database(file);
    raw.exec(`CREATE TABLE memories (id TEXT PRIMARY KEY, memory TEXT NOT NULL, type TEXT NOT NULL, hash TEXT NOT NULL,
      metadata TEXT NOT NULL, user_id TEXT, agent_id TEXT, run_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      sources TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, superseded_by TEXT, slot TEXT, embedding BLOB NOT NULL);
      CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, memory_id TEXT NOT NULL,
      event TEXT NOT NULL, previous_value TEXT, new_value TEXT, actor TEXT NOT NULL, created_at TEXT NOT NULL,
      user_id TEXT, agent_id TEXT, run_id TEXT, details TEXT);
      CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, memory_id TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      PRAGMA user_version = 1;`);
    const [vector] = (await embedder.embed(["Keeps bees"])) as Float32Array[];
    const at = "2025-01-01T00:00:00.000Z";
    raw
      .prepare(
        "INSERT INTO memories VALUES (?, ?, 'fact', 'h', '{}', 'u', NULL, NULL, ?, ?, '[]', ?, NULL, NULL, NULL, ?)",
      )
      .run("old-1", "Keeps bees", at, at, at, Buffer.from(vector!.buffer));
    raw
      .prepare("INSERT INTO meta VALUES ('embedder', ?)")
      .run(JSON.stringify({ name: embedder.name, dimensions: 64 }));
    raw.close();
    const memory = new Memory({ store: createSqliteStore({ path: file }), embedder });
    expect((await memory.get("old-1", { userId: "u" }))?.memory).toBe("Keeps bees");
    const { results } = await memory.add(
      [
        { role: "user", content: "Do you keep animals?" },
        { role: "user", content: "Yes, two hives." },
      ],
      { userId: "u", contextWindow: 1 },
    );
    expect((await memory.get(results[1]!.id, { anyScope: true }))?.context).toBe("Do you keep animals?");
    await memory.close();
    const check = new Database(file);
    expect(check.pragma("user_version", { simple: true })).toBe(schemaVersion);
    check.close();
  });

  it("reports a file that is not a database", () => {
    const file = path.join(folder, "not-a-db.db");
    writeFileSync(file, "this is not sqlite".repeat(100));
    const error = (() => {
      try {
        createSqliteStore({ path: file });
      } catch (caught) {
        return caught;
      }
    })();
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/\[engram\] \[sqlite\] .*is not a readable Engram database/);
  });

  it("reports use after close", async () => {
    const store = createSqliteStore({ path: newFile() });
    await store.close!();
    expect(() => store.list({ scope: { userId: "u" }, limit: 1 })).toThrow(/The store is closed/);
  });
});
