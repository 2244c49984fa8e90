import {
  InvalidArgumentError,
  type MemoryFilter,
  MemoryIndex,
  type MemoryRecord,
  type MemoryStore,
  matchesFilter,
  StoreError,
} from "@engram/core";
import { conformanceFilters, listAll, makeHistory, makeRecord, queryFor } from "@engram/core/testing";
import { expect, it } from "vitest";
import type { ChromaMemoryStore } from "../src/chroma-store.js";
import type { ChromaStoreOptions } from "../src/chroma-store-options.js";

/** Opens a store on the test server; `prefix` reuses another store's collections. */
export type OpenStore = (overrides?: ChromaStoreOptions) => ChromaMemoryStore;

const prefixOf = (store: MemoryStore) =>
  (store as ChromaMemoryStore).collections.memories.replace(/-memories$/u, "");

/** Records that exercise the paths where Chroma's index is not enough on its own. */
function trickyRecords(): MemoryRecord[] {
  const many = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`key${index}`, index]));
  return Array.from({ length: 40 }, (_, index) =>
    // Lengths differ for every record, so no two BM25 scores tie (ties would make the top-k sets arbitrary).
    makeRecord(
      `note ${index} about gardening${" and weeding".repeat(index % 6)}${" with care".repeat(index)}`,
      { userId: "tricky" },
      {
        metadata: {
          n: index,
          group: index % 3,
          label: `g${index % 4}`,
          ...(index % 7 === 0 ? many : {}), // more keys than Chroma may index
          ...(index % 11 === 0 ? { big: 2 ** 60 + index } : {}),
        },
        ...(index % 9 === 0 ? { createdAt: `2025-02-0${1 + (index % 8)}T00:00:00Z` } : {}), // not canonical ISO
        ...(index % 5 === 0
          ? { validFrom: "2020-01-01T00:00:00.000Z", validTo: "2021-01-01T00:00:00.000Z" }
          : {}),
      },
    ),
  );
}

const trickyFilters: Array<MemoryFilter | undefined> = [
  undefined,
  { group: 1 },
  { $not: { group: 1 } },
  { n: { $gte: 10, $lt: 30 } },
  { label: { $in: ["g1", "g3"] }, group: { $ne: 2 } },
  { key3: 3 },
  { big: { $gt: 2 ** 59 } },
  { createdAt: { $lt: "2025-01-01T00:00:00.000Z" } },
  { $or: [{ group: 0 }, { label: "g1" }] },
];

function sortedIds(records: Array<{ id: string }>): string[] {
  return records.map((record) => record.id).sort();
}

/** Store-specific tests, run inside the conformance suite (fresh collections per test). */
export function chromaSpecificTests(getMemoryStore: () => MemoryStore, openStore: OpenStore): void {
  const getStore = () => getMemoryStore() as ChromaMemoryStore;
  const sibling = (overrides: ChromaStoreOptions = {}) =>
    openStore({ collectionPrefix: prefixOf(getStore()), ...overrides });

  it("keeps memories, history and settings in Chroma: another store instance sees all of it", async () => {
    const record = makeRecord("Shared across processes", { userId: "shared" });
    await getStore().write({ upserts: [record], deletes: [], history: [makeHistory(record)] });
    await getStore().setMeta("embedder", '{"name":"hash","dimensions":64}');
    const other = sibling();
    expect((await other.get([record.id], { userId: "shared" }))[0]!.memory).toBe("Shared across processes");
    expect(
      (await (await other.history({ memoryId: record.id, scope: null })).entries).map((entry) => entry.event),
    ).toEqual(["ADD"]);
    expect(await other.getMeta("embedder")).toBe('{"name":"hash","dimensions":64}');
    expect(
      (await other.search(queryFor("shared processes", { userId: "shared" }))).map((c) => c.record.id),
    ).toEqual([record.id]);
    await other.close();
  });

  it("refuses collections that use another distance than cosine", async () => {
    const store = getStore();
    await store.client.createCollection({ name: store.collections.state, embeddingFunction: null });
    await expect(store.getMeta("x")).rejects.toThrow(/uses the "l2" distance, but Engram needs "cosine"/u);
  });

  it("creates cosine collections that hold Engram's own vectors", async () => {
    const store = getStore();
    await store.write({ upserts: [makeRecord("vector", { userId: "v" })], deletes: [], history: [] });
    const collection = await store.client.getCollection({ name: store.collections.memories });
    expect((collection.configuration as { hnsw?: { space?: string } }).hnsw?.space).toBe("cosine");
    expect(await collection.count()).toBe(1);
  });

  it("matches core's reference index with tiny pages, a tight predicate budget and values Chroma cannot index", async () => {
    const store = sibling({ limits: { maxResultsPerRequest: 10, maxWherePredicates: 4 } });
    const records = trickyRecords();
    await store.write({ upserts: records, deletes: [], history: [] });
    const reference = new MemoryIndex();
    for (const record of records) reference.upsert(record);
    const now = new Date().toISOString();
    for (const filter of trickyFilters) {
      const title = JSON.stringify(filter);
      for (const includeInvalid of [false, true]) {
        const options = {
          scope: { userId: "tricky" },
          limit: 7,
          includeInvalid,
          ...(filter ? { filter } : {}),
        };
        const pages: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.list({ ...options, ...(cursor ? { cursor } : {}) });
          pages.push(...page.records.map((record) => record.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(pages, title).toEqual(
          reference.list({ ...options, limit: 1000 }, now).records.map((record) => record.id),
        );
      }
      const query = {
        ...queryFor("gardening weeding", { userId: "tricky" }, 5),
        ...(filter ? { filter } : {}),
      };
      const expected = reference.search(query, now);
      const actual = await store.search(query);
      expect(sortedIds(actual.map((c) => c.record)), title).toEqual(sortedIds(expected.map((c) => c.record)));
      for (const candidate of actual) {
        const twin = expected.find((c) => c.record.id === candidate.record.id)!;
        expect(candidate.bm25, title).toBeCloseTo(twin.bm25, 9);
        expect(candidate.vectorScore, title).toBeCloseTo(twin.vectorScore, 5);
        expect(candidate.matchedTerms, title).toEqual(twin.matchedTerms);
      }
    }
    await store.close();
  });

  it.each([300, 10])(
    "fills the page when our side rejects Chroma's nearest neighbours (max %i results per request)",
    async (max) => {
      const store = sibling({ limits: { maxResultsPerRequest: max } });
      const near = Array.from({ length: 24 }, (_, index) =>
        makeRecord(`red apple pie number ${index}`, { userId: "near" }, { metadata: { skip: true } }),
      );
      const far = Array.from({ length: 4 }, (_, index) =>
        makeRecord(`blue ocean waves ${index}`, { userId: "near" }, { metadata: { skip: false } }),
      );
      await store.write({ upserts: [...near, ...far], deletes: [], history: [] });
      const reference = new MemoryIndex();
      for (const record of [...near, ...far]) reference.upsert(record);
      // $not runs on our side: every one of Chroma's first neighbours is rejected, so the store must look further.
      const query = {
        ...queryFor("red apple pie", { userId: "near" }, 3),
        terms: [],
        filter: { $not: { skip: true } },
      };
      const expected = reference
        .search(query, new Date().toISOString())
        .map((candidate) => candidate.record.id);
      expect(expected).toHaveLength(3);
      expect((await store.search(query)).map((candidate) => candidate.record.id)).toEqual(expected);
      await store.close();
    },
  );

  it("filters exactly even after updates leave removed metadata keys behind in Chroma", async () => {
    const store = getStore();
    const first = Array.from({ length: 12 }, (_, index) =>
      makeRecord(
        `item ${index}`,
        { userId: "filters" },
        { metadata: { topic: "food", rating: index, city: "Lisbon" } },
      ),
    );
    await store.write({ upserts: first, deletes: [], history: [] });
    // Rewrite half of them without some keys: Chroma merges metadata on upsert, so old keys stay in its index.
    const second = first
      .filter((_, index) => index % 2 === 0)
      .map(
        (record, index): MemoryRecord => ({
          ...record,
          version: record.version + 1,
          metadata: index % 2 ? { topic: "work" } : {},
        }),
      );
    await store.write({ upserts: second, deletes: [], history: [] });
    const stored = await listAll(store, { userId: "filters" }, true);
    expect(stored.filter((record) => Object.keys(record.metadata).length === 0)).toHaveLength(3);
    for (const [title, filter] of conformanceFilters.map(([name, value]) => [name, value] as const)) {
      const page = await store.list({
        scope: { userId: "filters" },
        filter,
        limit: 100,
        includeInvalid: true,
      });
      expect(sortedIds(page.records), title).toEqual(
        sortedIds(stored.filter((record) => matchesFilter(record, filter))),
      );
    }
    for (const filter of [
      { topic: "food" },
      { city: "Lisbon" },
      { rating: { $gte: 4 } },
      { topic: { $ne: "food" } },
    ]) {
      const candidates = await store.search({
        ...queryFor("item", { userId: "filters" }, 50),
        filter,
        includeInvalid: true,
      });
      expect(sortedIds(candidates.map((c) => c.record)), JSON.stringify(filter)).toEqual(
        sortedIds(stored.filter((r) => matchesFilter(r, filter))),
      );
    }
  });

  it("journals large batches in parts, applies them in chunks and leaves no journal behind", async () => {
    const store = sibling({
      limits: {
        maxRecordsPerWrite: 7,
        maxDocumentBytes: 4096,
        maxResultsPerRequest: 25,
        // The journal is kept in metadata chunks: small ones force a journal of many parts.
        maxMetadataKeys: 16,
        maxMetadataValueBytes: 256,
      },
    });
    const records = Array.from({ length: 60 }, (_, index) =>
      makeRecord(`bulk memory ${index}`, { userId: "bulk" }),
    );
    await store.write({
      upserts: records,
      deletes: [],
      history: records.map((record) => makeHistory(record)),
    });
    expect((await listAll(store, { userId: "bulk" })).length).toBe(60);
    for (const record of records.slice(0, 5))
      expect((await (await store.history({ memoryId: record.id, scope: null })).entries).length).toBe(1);
    const state = await store.client.getCollection({ name: store.collections.state });
    const leftovers = await state.get({
      where: { kind: { $in: ["journal", "journal-part", "journal-failed"] } },
    });
    expect(leftovers.ids).toEqual([]);
    // What is left: the 60 history entries and this writer's generation record (see search-cache.ts).
    expect((await state.get({ where: { kind: "history" } })).ids).toHaveLength(60);
    expect(await state.count()).toBe(61);
    await store.close();
  });

  it("sets aside a journal that cannot be replayed and removes parts whose header was never written", async () => {
    const store = getStore();
    await store.getMeta("anything"); // the store creates its (cosine) collections
    const state = await store.client.getCollection({ name: store.collections.state });
    const old = Date.now() - 3_600_000;
    const key = `${String(old).padStart(15, "0")}-000000001-deadbeef`;
    const orphan = `${String(old).padStart(15, "0")}-000000002-deadbeef`;
    await state.upsert({
      ids: [`j:${key}`, `j:${orphan}:0`],
      embeddings: [[1], [1]],
      documents: ["{}", "AAAA"],
      metadatas: [
        { kind: "journal", created: old, parts: 2 }, // its parts are missing
        { kind: "journal-part", created: old, journal: orphan }, // its header is missing
      ],
    });
    expect(await store.recover()).toEqual({ replayed: 0, failed: [key] });
    const left = await state.get({ ids: [`j:${key}`, `j:${orphan}:0`], include: ["metadatas"] });
    expect(left.ids).toEqual([`j:${key}`]);
    expect(left.metadatas[0]?.kind).toBe("journal-failed");
    expect(await store.recover()).toEqual({ replayed: 0, failed: [] });
  });

  it("refuses a record too large for a Chroma document, and writes nothing", async () => {
    const store = getStore();
    const record = { ...makeRecord("huge", { userId: "big" }), memory: "z".repeat(20_000) };
    await expect(
      store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(await store.get([record.id], null)).toEqual([]);
    expect(await (await store.history({ memoryId: record.id, scope: null })).entries).toEqual([]);
  });

  it("refuses vectors of another size with a clear error, without leaving a journal behind", async () => {
    const store = getStore();
    await store.write({ upserts: [makeRecord("first", { userId: "dims" })], deletes: [], history: [] });
    const wrong = { ...makeRecord("second", { userId: "dims" }), embedding: new Float32Array([1, 0, 0]) };
    const error = await store
      .write({ upserts: [wrong], deletes: [], history: [makeHistory(wrong)] })
      .catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/\[engram\] \[chroma\].*dimension.*another collectionPrefix/u);
    expect(await store.recover()).toEqual({ replayed: 0, failed: [] });
    expect((await listAll(store, { userId: "dims" })).map((record) => record.memory)).toEqual(["first"]);
    expect(await (await store.history({ memoryId: wrong.id, scope: null })).entries).toEqual([]);
  });

  it("survives another instance resetting the store (collections are reopened)", async () => {
    const store = getStore();
    await store.write({ upserts: [makeRecord("before reset", { userId: "r" })], deletes: [], history: [] });
    const other = sibling();
    expect(await listAll(other, { userId: "r" })).toHaveLength(1);
    await store.reset();
    expect(await listAll(other, { userId: "r" })).toEqual([]);
    await other.write({ upserts: [makeRecord("after reset", { userId: "r" })], deletes: [], history: [] });
    expect((await listAll(store, { userId: "r" })).map((record) => record.memory)).toEqual(["after reset"]);
    await other.close();
  });

  it("keeps history in write order even when entries share a timestamp", async () => {
    const store = getStore();
    const record = makeRecord("ordered", { userId: "h" });
    const at = "2025-01-01T00:00:00.000Z";
    const events = ["ADD", "UPDATE", "SUPERSEDE", "UPDATE", "DELETE"] as const;
    for (const event of events) {
      await store.write({
        upserts: [],
        deletes: [],
        history: [{ ...makeHistory(record, event), createdAt: at }],
      });
    }
    await store.write({
      upserts: [],
      deletes: [],
      history: [
        { ...makeHistory(record, "ADD"), createdAt: at },
        { ...makeHistory(record, "DELETE"), createdAt: at },
      ],
    });
    expect(
      (await (await store.history({ memoryId: record.id, scope: { userId: "h" } })).entries).map(
        (entry) => entry.event,
      ),
    ).toEqual([...events, "ADD", "DELETE"]);
  });

  it("rejects a malformed cursor and a closed store with clear errors", async () => {
    const store = sibling();
    await expect(store.list({ scope: { userId: "x" }, limit: 5, cursor: "not-a-cursor" })).rejects.toThrow(
      InvalidArgumentError,
    );
    await store.close();
    await expect(store.get(["x"], null)).rejects.toThrow(/The store is closed/u);
  });
}
