import { expect, it } from "vitest";
import { DuplicateMemoryError, VersionConflictError } from "../errors/index.js";
import type { MemoryStore } from "../store/memory-store.js";
import { listAll, makeHistory, makeRecord } from "./conformance-context.js";

async function rejection(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the write to be refused");
}

/** Conditional writes: versions, deduplication keys, and nothing applied when a condition fails. */
export function versionTests(getStore: () => MemoryStore): void {
  it("inserts version 1 only when the id is new, and replaces only the version it names", async () => {
    const store = getStore();
    const record = makeRecord("Likes tea", { userId: "u1" });
    await store.write({ upserts: [record], deletes: [], history: [] });
    const again = await rejection(() => store.write({ upserts: [record], deletes: [], history: [] }));
    expect(VersionConflictError.isInstance(again)).toBe(true);
    expect((again as VersionConflictError).conflicts).toEqual([
      { memoryId: record.id, expectedVersion: 0, currentVersion: 1 },
    ]);
    await store.write({
      upserts: [{ ...record, version: 2, memory: "Likes coffee" }],
      deletes: [],
      history: [],
    });
    const stale = await rejection(() =>
      store.write({ upserts: [{ ...record, version: 2, memory: "Likes water" }], deletes: [], history: [] }),
    );
    expect((stale as VersionConflictError).conflicts).toEqual([
      { memoryId: record.id, expectedVersion: 1, currentVersion: 2 },
    ]);
    const [stored] = await store.get([record.id], null);
    expect([stored!.memory, stored!.version]).toEqual(["Likes coffee", 2]);
  });

  it("applies nothing of a batch when one condition fails (memories, deletes and history)", async () => {
    const store = getStore();
    const a = makeRecord("alpha", { userId: "u1" });
    const b = makeRecord("beta", { userId: "u1" });
    await store.write({ upserts: [a, b], deletes: [], history: [makeHistory(a), makeHistory(b)] });
    const c = makeRecord("gamma", { userId: "u1" });
    const error = await rejection(() =>
      store.write({
        upserts: [c, { ...a, version: 2, memory: "alpha 2" }],
        deletes: [{ id: b.id, version: 7 }],
        history: [makeHistory(c)],
        eraseHistory: [a.id],
      }),
    );
    expect((error as VersionConflictError).conflicts).toEqual([
      { memoryId: b.id, expectedVersion: 7, currentVersion: 1 },
    ]);
    expect((await listAll(store, { userId: "u1" })).map((record) => record.memory).sort()).toEqual([
      "alpha",
      "beta",
    ]);
    expect((await store.history({ scope: null, memoryId: c.id })).entries).toEqual([]);
    expect((await store.history({ scope: null, memoryId: a.id })).entries[0]!.newValue).toBe("alpha");
  });

  it("refuses a delete of a vanished memory, and never resurrects it", async () => {
    const store = getStore();
    const a = makeRecord("to be removed", { userId: "u1" });
    await store.write({ upserts: [a], deletes: [], history: [] });
    await store.write({ upserts: [], deletes: [{ id: a.id, version: 1 }], history: [] });
    const error = await rejection(() =>
      store.write({ upserts: [{ ...a, version: 2, memory: "written back" }], deletes: [], history: [] }),
    );
    expect((error as VersionConflictError).conflicts[0]).toEqual({
      memoryId: a.id,
      expectedVersion: 1,
      currentVersion: null,
    });
    const deleteAgain = await rejection(() =>
      store.write({ upserts: [], deletes: [{ id: a.id, version: 1 }], history: [] }),
    );
    expect(VersionConflictError.isInstance(deleteAgain)).toBe(true);
    expect(await store.get([a.id], null)).toEqual([]);
  });

  it("refuses a second current record with the same deduplication key, unless the first gives it up", async () => {
    const store = getStore();
    const first = makeRecord("Likes jazz", { userId: "u1" }, { uniqueKey: "k:jazz" });
    await store.write({ upserts: [first], deletes: [], history: [] });
    const second = makeRecord("Likes jazz", { userId: "u1", runId: "r2" }, { uniqueKey: "k:jazz" });
    const error = await rejection(() => store.write({ upserts: [second], deletes: [], history: [] }));
    expect(DuplicateMemoryError.isInstance(error)).toBe(true);
    expect((error as DuplicateMemoryError).existingId).toBe(first.id);
    expect(await store.get([second.id], null)).toEqual([]);
    const { uniqueKey: _key, ...retired } = first;
    await store.write({
      upserts: [{ ...retired, version: 2, validTo: new Date().toISOString() }, second],
      deletes: [],
      history: [],
    });
    expect((await store.get([second.id], null))[0]!.uniqueKey).toBe("k:jazz");
    const third = makeRecord("Likes jazz", { userId: "u1" }, { uniqueKey: "k:jazz" });
    await store.write({ upserts: [third], deletes: [{ id: second.id, version: 1 }], history: [] });
    expect((await store.get([third.id], null)).map((record) => record.uniqueKey)).toEqual(["k:jazz"]);
  });

  it("erases history content of named memories and of whole scopes, keeping content-free entries", async () => {
    const store = getStore();
    const secret = makeRecord("SSN 078-05-1120", { userId: "bob" });
    const other = makeRecord("Likes chess", { userId: "bob", runId: "r1" });
    const kept = makeRecord("Likes chess", { userId: "carol" });
    await store.write({
      upserts: [secret, other, kept],
      deletes: [],
      history: [secret, other, kept].map((record) => makeHistory(record)),
    });
    const tombstone = { ...makeHistory(secret, "DELETE"), previousValue: null, newValue: null };
    await store.write({
      upserts: [],
      deletes: [{ id: secret.id, version: 1 }],
      history: [tombstone],
      eraseHistory: [secret.id],
    });
    const erased = (await store.history({ scope: { userId: "bob" }, memoryId: secret.id })).entries;
    expect(erased.map((entry) => [entry.event, entry.newValue, entry.erased ?? false])).toEqual([
      ["ADD", null, true],
      ["DELETE", null, false],
    ]);
    await store.write({ upserts: [], deletes: [], history: [], eraseScopes: [{ userId: "bob" }] });
    const bob = (await store.history({ scope: { userId: "bob" } })).entries;
    expect(bob.every((entry) => entry.previousValue === null && entry.newValue === null)).toBe(true);
    expect(JSON.stringify(bob)).not.toMatch(/078-05|chess/);
    expect((await store.history({ scope: { userId: "carol" } })).entries[0]!.newValue).toBe("Likes chess");
  });

  it("pages history by scope, oldest first", async () => {
    const store = getStore();
    const records = Array.from({ length: 5 }, (_, index) => makeRecord(`fact ${index}`, { userId: "pager" }));
    for (const record of records)
      await store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] });
    await store.write({
      upserts: [],
      deletes: [],
      history: [makeHistory(makeRecord("x", { userId: "other" }))],
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.history({
        scope: { userId: "pager" },
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((entry) => entry.memoryId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(records.map((record) => record.id));
  });
}
