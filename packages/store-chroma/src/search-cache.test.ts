import { MemoryIndex, type MemoryRecord, type SearchCandidate } from "@engram/core";
import { makeHistory, makeRecord, queryFor } from "@engram/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestStore } from "../test/open-test-store.js";
import { spawnChild } from "../test/spawn-child.js";
import { ChromaReads } from "./chroma-reads.js";
import type { ChromaStoreOptions } from "./chroma-store-options.js";
import { type ChromaTestServer, startChromaServer } from "./testing.js";

let server: ChromaTestServer;
let count = 0;
const run = Date.now().toString(36);
const nextPrefix = () => `c${run}-${++count}`;

const open = (prefix: string, overrides: ChromaStoreOptions = {}) => openTestStore(server, prefix, overrides);

/** Counts full scope reads (scans) of the memories collection. */
function countScans() {
  const spy = vi.spyOn(ChromaReads.prototype, "scan");
  return () => spy.mock.calls.filter((call) => call[2] === "search memories").length;
}

/** What a search returned, comparable across stores: id, BM25 (rounded) and matched terms, by id. */
function summary(candidates: SearchCandidate[]) {
  return candidates
    .map(({ record, bm25, matchedTerms }) => ({
      id: record.id,
      memory: record.memory,
      bm25: Math.round(bm25 * 1e6) / 1e6,
      matchedTerms: [...matchedTerms].sort(),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function keywordHit(candidates: SearchCandidate[], id: string) {
  return candidates.find((candidate) => candidate.record.id === id && candidate.bm25 > 0);
}

const scope = { userId: "cache" };
const notes = (texts: string[]) => texts.map((text) => makeRecord(text, scope));

beforeAll(async () => {
  server = await startChromaServer();
});

afterEach(() => {
  vi.restoreAllMocks();
  server.resume();
});

afterAll(async () => {
  await server?.stop();
});

describe("the keyword search cache", () => {
  it("reads a scope once and answers repeated searches from the cache, with the same results", async () => {
    const prefix = nextPrefix();
    const store = open(prefix);
    const uncached = open(prefix, { searchCache: false });
    await store.write({
      upserts: notes(["tea with lemon", "green tea", "coffee beans"]),
      deletes: [],
      history: [],
    });
    const scans = countScans();
    const first = await store.search(queryFor("tea", scope));
    expect(scans()).toBe(1);
    const second = await store.search(queryFor("green tea", scope));
    const third = await store.search(queryFor("tea", scope));
    expect(scans()).toBe(1);
    expect(summary(third)).toEqual(summary(first));
    expect(summary(second)).toEqual(summary(await uncached.search(queryFor("green tea", scope))));
    expect(scans()).toBe(2); // the uncached store read the scope
    await store.close();
    await uncached.close();
  });

  it("takes in this store's own writes without reading the scope again, and scores them like core's index", async () => {
    const prefix = nextPrefix();
    const store = open(prefix);
    const initial = notes(["alpha river stone", "beta river", "gamma stone", "delta"]);
    await store.write({ upserts: initial, deletes: [], history: [] });
    await store.search(queryFor("river", scope));
    const scans = countScans();
    const updated = {
      ...initial[0]!,
      version: 2,
      memory: "alpha mountain",
      updatedAt: new Date().toISOString(),
    };
    const added = notes(["epsilon river river", "zeta mountain"]);
    await store.write({
      upserts: [updated, ...added],
      deletes: [{ id: initial[1]!.id, version: 1 }],
      history: [makeHistory(updated, "UPDATE")],
    });
    const cached = await store.search(queryFor("river mountain", scope));
    expect(scans()).toBe(0);
    const reference = new MemoryIndex();
    const current: MemoryRecord[] = [updated, initial[2]!, initial[3]!, ...added];
    for (const record of current) reference.upsert(record);
    const expected = reference.search(queryFor("river mountain", scope), new Date().toISOString());
    expect(summary(cached)).toEqual(summary(expected));
    const fresh = open(prefix, { searchCache: false });
    expect(summary(cached)).toEqual(summary(await fresh.search(queryFor("river mountain", scope))));
    await store.close();
    await fresh.close();
  });

  it("sees another process's writes on the next search, by keyword", async () => {
    const prefix = nextPrefix();
    const store = open(prefix);
    const [kept, changed] = notes(["the zebra grazes", "a zebra sleeps"]);
    await store.write({ upserts: [kept!, changed!], deletes: [], history: [] });
    expect(keywordHit(await store.search(queryFor("zebra", scope)), changed!.id)).toBeDefined();
    const added = makeRecord("an okapi hides", scope);
    const child = spawnChild("./write-batch.ts", {
      connection: server.connection,
      prefix,
      upserts: [{ ...changed!, version: 2, memory: "a giraffe sleeps" }, added].map((record) => ({
        ...record,
        embedding: Array.from(record.embedding),
      })),
      deletes: [kept!.id],
    });
    expect((await child.exited).code, child.stderr()).toBe(0);
    const okapi = await store.search(queryFor("okapi", scope));
    expect(keywordHit(okapi, added.id)?.matchedTerms).toEqual(["okapi"]);
    const giraffe = await store.search(queryFor("giraffe", scope));
    expect(keywordHit(giraffe, changed!.id)?.record.memory).toBe("a giraffe sleeps");
    const zebra = await store.search(queryFor("zebra", scope));
    expect(zebra.filter((candidate) => candidate.bm25 > 0)).toEqual([]);
    expect(zebra.map((candidate) => candidate.record.id)).not.toContain(kept!.id);
    await store.close();
  });

  it("does not keep what it read in the middle of another writer's batch once that batch is done", async () => {
    const prefix = nextPrefix();
    const reader = open(prefix);
    const [early] = notes(["early lynx note"]);
    await reader.write({ upserts: [early!], deletes: [], history: [] });
    const late = makeRecord("late lynx note", scope);
    const writer = open(prefix, {
      _internal: {
        onWriteStep: async (step) => {
          // The reader caches the scope while the batch is journaled but not yet applied.
          if (step === "journal-written") await reader.search(queryFor("lynx", scope));
        },
      },
    });
    await writer.write({
      upserts: [late],
      deletes: [{ id: early!.id, version: 1 }],
      history: [makeHistory(late)],
    });
    const after = await reader.search(queryFor("lynx", scope));
    expect(after.map((candidate) => candidate.record.id)).toEqual([late.id]);
    expect(keywordHit(after, late.id)).toBeDefined();
    await reader.close();
    await writer.close();
  });

  it("sees a crashed writer's batch once another process completes it", async () => {
    const prefix = nextPrefix();
    const reader = open(prefix, { journal: { graceMs: 60_000, checkIntervalMs: 60_000 } });
    const [early] = notes(["early puma note"]);
    await reader.write({ upserts: [early!], deletes: [], history: [] });
    expect(keywordHit(await reader.search(queryFor("puma", scope)), early!.id)).toBeDefined();
    const late = makeRecord("late puma note", scope);
    const writer = open(prefix, {
      _internal: {
        onWriteStep: (step) => {
          if (step === "memories-deleted") throw new Error("simulated crash before the history step");
        },
      },
    });
    await expect(
      writer.write({
        upserts: [late],
        deletes: [{ id: early!.id, version: 1 }],
        history: [makeHistory(late)],
      }),
    ).rejects.toThrow(/journaled/u);
    // The data steps ran but no generation was written: the writer "died" mid-batch.
    const rescuer = open(prefix);
    expect(await rescuer.recover()).toEqual({ replayed: 1, failed: [] });
    const after = await reader.search(queryFor("puma", scope));
    expect(after.map((candidate) => candidate.record.id)).toEqual([late.id]);
    expect(keywordHit(after, late.id)).toBeDefined();
    await Promise.all([reader.close(), writer.close(), rescuer.close()]);
  });

  it("notices another store resetting the collections and writing the same ids again", async () => {
    const prefix = nextPrefix();
    const store = open(prefix);
    const [record] = notes(["reset heron"]);
    await store.write({ upserts: [record!], deletes: [], history: [] });
    expect(keywordHit(await store.search(queryFor("heron", scope)), record!.id)).toBeDefined();
    const other = open(prefix);
    await other.reset();
    expect(await store.search(queryFor("heron", scope))).toEqual([]);
    await other.write({ upserts: [{ ...record!, memory: "reset crane" }], deletes: [], history: [] });
    expect((await store.search(queryFor("heron", scope))).filter((found) => found.bm25 > 0)).toEqual([]);
    expect(keywordHit(await store.search(queryFor("crane", scope)), record!.id)).toBeDefined();
    await store.close();
    await other.close();
  });

  it("holds at most maxRecords memories, drops the least recently used scope, and never caches larger scopes", async () => {
    const prefix = nextPrefix();
    const store = open(prefix, { searchCache: { maxRecords: 5 } });
    const small = (userId: string) =>
      ["one owl", "two owls", "three owls"].map((text) => makeRecord(text, { userId }));
    const big = Array.from({ length: 6 }, (_, index) => makeRecord(`owl number ${index}`, { userId: "big" }));
    await store.write({ upserts: [...small("a"), ...small("b"), ...big], deletes: [], history: [] });
    const scans = countScans();
    const search = (userId: string) => store.search(queryFor("owl", { userId }));
    await search("a");
    await search("a");
    expect(scans()).toBe(1);
    await search("b"); // 6 records would exceed 5: "a" is dropped
    await search("b");
    expect(scans()).toBe(2);
    await search("a");
    expect(scans()).toBe(3);
    await search("big");
    await search("big");
    expect(scans()).toBe(5);
    expect(() => open(prefix, { searchCache: { maxRecords: 0 } })).toThrow(/options.searchCache.maxRecords/u);
    expect(() => open(prefix, { searchCache: 5 as never })).toThrow(/options.searchCache/u);
    await store.close();
  });
});

describe("the vector side", () => {
  it("finds the right neighbours whether it narrows the query in Chroma or checks a broad scope's results here", async () => {
    const prefix = nextPrefix();
    const store = open(prefix);
    const mine = { userId: "v", agentId: "a1" };
    const expired = { validFrom: "2020-01-01T00:00:00.000Z", validTo: "2021-01-01T00:00:00.000Z" };
    const records = [
      // Nearest to the query, but expired or in another agent's scope: a broad query must look past them.
      ...Array.from({ length: 20 }, (_, index) => makeRecord(`kiwi fruit ${index}`, mine, expired)),
      ...Array.from({ length: 4 }, (_, index) =>
        makeRecord(`kiwi fruit other ${index}`, { userId: "v", agentId: "a2" }),
      ),
      ...Array.from({ length: 6 }, (_, index) => makeRecord(`kiwi bird ${index} lives here`, mine)),
    ];
    await store.write({ upserts: records, deletes: [], history: [] });
    const reference = new MemoryIndex();
    for (const record of records) reference.upsert(record);
    const now = new Date().toISOString();
    for (const query of [
      queryFor("kiwi fruit", mine, 3),
      { ...queryFor("kiwi fruit", mine, 3), terms: [] },
    ]) {
      const found = await store.search({ ...query, asOf: now });
      const expected = reference.search({ ...query, asOf: now }, now);
      expect(summary(found)).toEqual(summary(expected));
      expect(found.every((candidate) => candidate.record.agentId === "a1")).toBe(true);
      expect(found.length).toBeGreaterThanOrEqual(3); // the union of the top 3 by vector and by keyword
    }
    await store.close();
  });
});
