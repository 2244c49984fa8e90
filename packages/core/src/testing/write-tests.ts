import { expect, it } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import { listAll, makeHistory, makeRecord } from "./conformance-context.js";

/** Upsert, replace, delete, atomicity and round-tripping of every field. */
export function writeTests(getStore: () => MemoryStore): void {
  it("round-trips every field of a record", async () => {
    const store = getStore();
    const record = makeRecord(
      "Lives in Lisbon",
      { userId: "u1", agentId: "a1", runId: "r1" },
      {
        type: "profile",
        metadata: { topic: "home", score: 3, nested: { ok: true }, tags: ["a", "b"] },
        sources: [{ role: "user", messageId: "D1:3", name: "Dana" }],
        slot: "location",
        context: "Where do you live these days?",
        supersededBy: "other",
        validTo: "2030-01-01T00:00:00.000Z",
      },
    );
    await store.write({ upserts: [record], deletes: [], history: [] });
    const [read] = await store.get([record.id], { userId: "u1" });
    expect(read).toBeDefined();
    const { embedding, ...rest } = read!;
    const { embedding: original, ...expected } = record;
    expect(rest).toEqual(expected);
    expect(Array.from(embedding)).toEqual(Array.from(original).map((value) => expect.closeTo(value, 5)));
  });

  it("replaces a record with the same id", async () => {
    const store = getStore();
    const record = makeRecord("Likes tea", { userId: "u1" });
    await store.write({ upserts: [record], deletes: [], history: [] });
    await store.write({
      upserts: [{ ...record, version: 2, memory: "Likes coffee", metadata: { v: 2 } }],
      deletes: [],
      history: [],
    });
    const all = await listAll(store, { userId: "u1" });
    expect(all).toHaveLength(1);
    expect(all[0]!.memory).toBe("Likes coffee");
    expect(all[0]!.metadata).toEqual({ v: 2 });
  });

  it("deletes records and keeps others", async () => {
    const store = getStore();
    const a = makeRecord("one", { userId: "u1" });
    const b = makeRecord("two", { userId: "u1" });
    await store.write({ upserts: [a, b], deletes: [], history: [] });
    await store.write({ upserts: [], deletes: [{ id: a.id, version: a.version }], history: [] });
    expect(await store.get([a.id, b.id], null)).toHaveLength(1);
    expect((await store.get([b.id], null))[0]!.memory).toBe("two");
  });

  it("applies deletes, upserts and history of one batch together", async () => {
    const store = getStore();
    const a = makeRecord("alpha", { userId: "u1" });
    await store.write({ upserts: [a], deletes: [], history: [makeHistory(a)] });
    const b = makeRecord("beta", { userId: "u1" });
    await store.write({
      upserts: [b],
      deletes: [{ id: a.id, version: a.version }],
      history: [makeHistory(a, "DELETE"), makeHistory(b)],
    });
    expect((await listAll(store, { userId: "u1" })).map((record) => record.memory)).toEqual(["beta"]);
    expect(
      (await store.history({ memoryId: a.id, scope: null })).entries.map((entry) => entry.event),
    ).toEqual(["ADD", "DELETE"]);
    expect(
      (await store.history({ memoryId: b.id, scope: null })).entries.map((entry) => entry.event),
    ).toEqual(["ADD"]);
  });

  it("does not change stored data when the caller mutates its objects afterwards", async () => {
    const store = getStore();
    const record = makeRecord("stable", { userId: "u1" }, { metadata: { a: 1 } });
    await store.write({ upserts: [record], deletes: [], history: [] });
    record.memory = "mutated";
    record.metadata.a = 2;
    const [read] = await store.get([record.id], null);
    expect(read!.memory).toBe("stable");
    expect(read!.metadata).toEqual({ a: 1 });
  });

  it("stores and reads settings, and reset wipes everything", async () => {
    const store = getStore();
    await store.setMeta("embedder", '{"name":"x","dimensions":3}');
    expect(await store.getMeta("embedder")).toBe('{"name":"x","dimensions":3}');
    expect(await store.getMeta("missing")).toBeUndefined();
    const record = makeRecord("gone soon", { userId: "u1" });
    await store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] });
    await store.reset();
    expect(await store.get([record.id], null)).toEqual([]);
    expect((await store.history({ memoryId: record.id, scope: null })).entries).toEqual([]);
    expect(await store.getMeta("embedder")).toBeUndefined();
  });
}
