import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { createSqliteStore } from "../sqlite/sqlite-store.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import { Memory } from "./memory.js";

const alice = { userId: "alice" };
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-timestamps-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory", () => createInMemoryStore()],
  ["sqlite", () => createSqliteStore({ path: path.join(folder, `${Math.random()}.db`) })],
];

async function everything(store: MemoryStore) {
  const records = (await store.list({ scope: null, limit: 1000, includeInvalid: true })).records;
  return JSON.stringify([records, await store.history({ scope: null })]);
}

describe.each(stores)("message timestamps (%s)", (_name, createStore) => {
  it("keeps each message's time in its source and makes the memory valid from then", async () => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    const { results } = await memory.add(
      [
        { role: "user", content: "We adopted a cat.", timestamp: "2023-05-08T13:56:00Z" },
        { role: "assistant", content: "Congratulations!", timestamp: Date.UTC(2023, 4, 8, 13, 57) },
        { role: "user", content: "Her name is Luna.", timestamp: new Date("2023-05-08T13:58:00+02:00") },
      ],
      alice,
    );
    expect(results.map((item) => item.event)).toEqual(["ADD", "ADD", "ADD"]);
    const items = await Promise.all(results.map((item) => memory.get(item.id, alice)));
    expect(items.map((item) => item?.validFrom)).toEqual([
      "2023-05-08T13:56:00.000Z",
      "2023-05-08T13:57:00.000Z",
      "2023-05-08T11:58:00.000Z",
    ]);
    expect(items.map((item) => item?.sources[0]?.timestamp)).toEqual(items.map((item) => item?.validFrom));
    // Valid from the time it was said: a read as of the day before does not see it, a read as of the day after does.
    expect((await memory.getAll({ ...alice, asOf: "2023-05-07T00:00:00Z" })).results).toHaveLength(0);
    expect((await memory.getAll({ ...alice, asOf: "2023-05-09T00:00:00Z" })).results).toHaveLength(3);
    await memory.close();
  });

  it("uses the add's timestamp for messages without one, a message's own time first", async () => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    const { results } = await memory.add(
      [
        { role: "user", content: "Session one starts." },
        { role: "user", content: "This one has its own time.", timestamp: "2023-06-01T10:00:00Z" },
      ],
      { ...alice, timestamp: "2023-05-20T09:00:00Z" },
    );
    const items = await Promise.all(results.map((item) => memory.get(item.id, alice)));
    expect(items.map((item) => item?.validFrom)).toEqual([
      "2023-05-20T09:00:00.000Z",
      "2023-06-01T10:00:00.000Z",
    ]);
    const single = await memory.add("A plain string message.", {
      ...alice,
      timestamp: new Date("2024-01-02T03:04:05Z"),
    });
    const item = await memory.get(single.results[0]!.id, alice);
    expect(item?.sources[0]).toEqual({ role: "user", timestamp: "2024-01-02T03:04:05.000Z" });
    expect(item?.validFrom).toBe("2024-01-02T03:04:05.000Z");
    await memory.close();
  });

  it("never makes a memory valid from the future: a later timestamp counts as the write's time", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder(), _internal: { now: () => now } });
    const { results } = await memory.add("Said by a clock that runs fast.", {
      ...alice,
      timestamp: "2026-06-01T00:00:00Z",
    });
    const item = await memory.get(results[0]!.id, alice);
    expect(item?.validFrom).toBe(now.toISOString());
    expect(item?.sources[0]?.timestamp).toBe("2026-06-01T00:00:00.000Z");
    expect(item?.state).toBe("active");
    await memory.close();
  });

  it("dates extracted memories by their message", async () => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    const { results } = await memory.add(
      [{ role: "user", content: "I live in Porto.", timestamp: "2023-03-01T08:00:00Z" }],
      { ...alice, infer: true },
    );
    expect(results.length).toBeGreaterThan(0);
    const item = await memory.get(results[0]!.id, alice);
    expect(item?.validFrom).toBe("2023-03-01T08:00:00.000Z");
    await memory.close();
  });

  it.each([
    ["a date-time without a zone", "2023-05-08T13:56:00", "messages[0].timestamp"],
    ["not a date", "yesterday", "messages[0].timestamp"],
    ["a NaN number", Number.NaN, "messages[0].timestamp"],
    ["a year after 9999", Date.UTC(10000, 0, 1), "messages[0].timestamp"],
    ["an object", { at: 1 }, "messages[0].timestamp"],
  ])("refuses %s as a message timestamp and writes nothing", async (_what, timestamp, argument) => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    await memory.add("Already here.", alice);
    const before = await everything(store);
    const error = await memory
      .add([{ role: "user", content: "Hello", timestamp: timestamp as never }], alice)
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(await everything(store)).toBe(before);
    await memory.close();
  });

  it("refuses a malformed add timestamp and writes nothing", async () => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    const error = await memory
      .add("Hello", { ...alice, timestamp: 1700000000000 as never })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("options.timestamp");
    expect((await store.list({ scope: null, limit: 10, includeInvalid: true })).records).toHaveLength(0);
    await memory.close();
  });
});
