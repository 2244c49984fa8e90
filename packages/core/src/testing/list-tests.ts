import { expect, it } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import { listAll, makeRecord } from "./conformance-context.js";

/** Paging newest first with cursors, and validity in listings. */
export function listTests(getStore: () => MemoryStore): void {
  it("pages newest first without gaps or repeats", async () => {
    const store = getStore();
    const records = Array.from({ length: 23 }, (_, index) =>
      makeRecord(
        `memory ${index}`,
        { userId: "pager" },
        { createdAt: new Date(Date.UTC(2025, 1, 1, 0, index % 5, index)).toISOString() },
      ),
    );
    await store.write({ upserts: records, deletes: [], history: [] });
    const listed = await listAll(store, { userId: "pager" });
    expect(listed).toHaveLength(23);
    const expected = [...records].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    );
    expect(listed.map((record) => record.id)).toEqual(expected.map((record) => record.id));
  });

  it("has no next cursor on the last page", async () => {
    const store = getStore();
    await store.write({ upserts: [makeRecord("only", { userId: "solo" })], deletes: [], history: [] });
    const page = await store.list({ scope: { userId: "solo" }, limit: 1 });
    expect(page.records).toHaveLength(1);
    expect(page.nextCursor).toBeUndefined();
  });

  it("lists only current memories unless includeInvalid is set", async () => {
    const store = getStore();
    const old = makeRecord(
      "old",
      { userId: "v" },
      { validTo: "2020-01-01T00:00:00.000Z", validFrom: "2019-01-01T00:00:00.000Z" },
    );
    const current = makeRecord("current", { userId: "v" });
    await store.write({ upserts: [old, current], deletes: [], history: [] });
    expect((await listAll(store, { userId: "v" })).map((record) => record.memory)).toEqual(["current"]);
    expect((await listAll(store, { userId: "v" }, true)).map((record) => record.memory).sort()).toEqual([
      "current",
      "old",
    ]);
  });

  it("lists every scope when the scope is null", async () => {
    const store = getStore();
    await store.write({
      upserts: [makeRecord("a", { userId: "x1" }), makeRecord("b", { agentId: "x2" })],
      deletes: [],
      history: [],
    });
    expect(await listAll(store, null)).toHaveLength(2);
  });
}
