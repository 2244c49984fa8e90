import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError, StoreError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { MemoryIndex } from "../store/memory-index.js";
import { makeRecord } from "../testing/conformance-context.js";
import { createSqliteStore } from "./sqlite-store.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-sqlite-commit-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});
let count = 0;
const newFile = () => path.join(folder, `db-${++count}.db`);
const embedder = createHashingEmbedder({ dimensions: 64 });
const scope = { userId: "u" };
const open = (file: string) => createSqliteStore({ path: file, durability: "normal" });

async function texts(file: string): Promise<string[]> {
  const store = open(file);
  const memory = new Memory({ store, embedder });
  const { results } = await memory.getAll(scope);
  await store.close?.();
  return results.map((item) => item.memory).sort();
}

describe("a write reports success exactly when it committed", () => {
  it("succeeds when mirroring the committed batch in the in-process index fails, and the index recovers", async () => {
    const file = newFile();
    const store = open(file);
    const memory = new Memory({ store, embedder });
    await memory.add("Lives in Lisbon", scope);
    const upsert = vi.spyOn(MemoryIndex.prototype, "upsert").mockImplementationOnce(() => {
      throw new RangeError("out of memory while indexing");
    });
    const [added] = (await memory.add("Works at Acme", scope)).results;
    expect(upsert).toHaveBeenCalled(); // the failure point was reached, after the commit
    expect(added!.event).toBe("ADD");
    // The index is rebuilt from the database: the committed memory is readable and searchable at once.
    expect((await memory.get(added!.id, scope))?.memory).toBe("Works at Acme");
    expect((await memory.search("Acme", scope)).results.map((item) => item.id)).toEqual([added!.id]);
    await store.close?.();
    expect(await texts(file)).toEqual(["Lives in Lisbon", "Works at Acme"]);
  });

  it("succeeds when the checkpoint after an erasing write fails, and checkpoints later", async () => {
    const file = newFile();
    const store = open(file);
    const memory = new Memory({ store, embedder });
    const [item] = (await memory.add("Secret plan", scope)).results;
    const original = Database.prototype.pragma;
    const checkpoints: string[] = [];
    let failures = 1;
    vi.spyOn(Database.prototype, "pragma").mockImplementation(function (
      this: Database.Database,
      source: string,
      options?: Database.PragmaOptions,
    ) {
      if (source.startsWith("wal_checkpoint")) {
        checkpoints.push(failures > 0 ? "failed" : "done");
        if (failures-- > 0) throw Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR" });
      }
      return original.call(this, source, options);
    } as typeof original);
    await expect(memory.delete(item!.id, scope)).resolves.toEqual({ id: item!.id, deleted: true });
    expect(await memory.get(item!.id, scope)).toBeNull();
    await store.close?.();
    expect(checkpoints).toEqual(["failed", "done"]);
    expect(await texts(file)).toEqual([]);
  });

  it("refuses a record the index could not hold before the transaction: nothing is written", async () => {
    const file = newFile();
    const store = open(file);
    const bad = { ...makeRecord("Likes tea", scope), memory: 42 as unknown as string };
    const error = await Promise.resolve()
      .then(() => store.write({ upserts: [makeRecord("Likes jazz", scope), bad], deletes: [], history: [] }))
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("batch.upserts[1].memory");
    const notVector = { ...makeRecord("Likes tea", scope), embedding: [1, 2] as unknown as Float32Array };
    expect(() => store.write({ upserts: [notVector], deletes: [], history: [] })).toThrow(
      /batch.upserts\[0\].embedding: expected a Float32Array/,
    );
    await store.close?.();
    expect(await texts(file)).toEqual([]);
  });

  it("keeps in the index what the database keeps: odd metadata values read back the same after a reopen", async () => {
    const file = newFile();
    const store = open(file);
    const record = makeRecord("Likes tea", scope, {
      metadata: {
        nan: Number.NaN,
        infinite: Number.POSITIVE_INFINITY,
        date: new Date(0),
        missing: undefined,
        symbol: Symbol("s"),
        nested: { list: [1, undefined, Number.NaN] },
      } as never,
    });
    await store.write({ upserts: [record], deletes: [], history: [] });
    const [fromIndex] = await store.get([record.id], null);
    await store.close?.();
    const reopened = open(file);
    const [fromDisk] = await reopened.get([record.id], null);
    await reopened.close?.();
    expect(fromIndex!.metadata).toEqual({
      nan: null,
      infinite: null,
      date: "1970-01-01T00:00:00.000Z",
      nested: { list: [1, null, null] },
    });
    expect(fromIndex!.metadata).toStrictEqual(fromDisk!.metadata);
  });

  it("refuses a message name that is not text through the Memory API, changing nothing", async () => {
    const file = newFile();
    const store = open(file);
    const memory = new Memory({ store, embedder });
    const messages = [{ role: "user", content: "Likes tea", name: Symbol("n") as unknown as string }];
    const error = await memory.add(messages, scope).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("messages[0].name");
    expect(StoreError.isInstance(error)).toBe(false);
    await store.close?.();
    expect(await texts(file)).toEqual([]);
  });
});
