import { expect, it } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import { defaultBm25Parameters } from "../text/bm25.js";
import { embed, makeRecord, queryFor } from "./conformance-context.js";

/** Hybrid candidate search: vector ranking, keyword statistics, limits, validity. */
export function searchTests(getStore: () => MemoryStore): void {
  const seed = async (store: MemoryStore) => {
    const records = [
      makeRecord("Allergic to peanuts", { userId: "u1" }),
      makeRecord("Works at Acme as a data engineer", { userId: "u1" }),
      makeRecord("Lives in Lisbon near the river", { userId: "u1" }),
      makeRecord("Prefers short answers in bullet points", { userId: "u1" }),
      makeRecord("Peanuts are legumes, not nuts", { userId: "u2" }),
    ];
    await store.write({ upserts: records, deletes: [], history: [] });
    return records;
  };

  it("ranks the most similar memory first by vector score", async () => {
    const store = getStore();
    const [peanuts] = await seed(store);
    const candidates = await store.search(queryFor("allergic to peanuts", { userId: "u1" }));
    const best = [...candidates].sort((a, b) => b.vectorScore - a.vectorScore)[0]!;
    expect(best.record.id).toBe(peanuts!.id);
    expect(best.vectorScore).toBeCloseTo(1, 3);
  });

  it("reports BM25 scores and matched terms computed within the scope only", async () => {
    const store = getStore();
    const [peanuts] = await seed(store);
    const candidates = await store.search(queryFor("peanuts", { userId: "u1" }));
    const hit = candidates.find((candidate) => candidate.record.id === peanuts!.id)!;
    expect(hit.matchedTerms).toEqual(["peanut"]);
    // One of four documents in u1's scope contains the term: idf = ln(1 + (4 - 1 + 0.5) / (1 + 0.5)).
    const idf = Math.log(1 + 3.5 / 1.5);
    expect(hit.bm25).toBeGreaterThan(0);
    expect(hit.bm25).toBeLessThan(idf * (defaultBm25Parameters.k1 + 1) + 1e-9);
    expect(candidates.every((candidate) => candidate.record.userId === "u1")).toBe(true);
    const other = candidates.filter((candidate) => candidate.record.id !== peanuts!.id);
    expect(other.every((candidate) => candidate.bm25 === 0)).toBe(true);
  });

  it("finds a memory through its context (keywords and vector), and reports those matched terms", async () => {
    const store = getStore();
    const text = "Yes, every Sunday morning.";
    const record = makeRecord(
      text,
      { userId: "ctx" },
      { context: "Do you still go swimming?", embedding: embed(`Do you still go swimming?\n${text}`) },
    );
    const other = makeRecord("I bought a new bike.", { userId: "ctx" });
    await store.write({ upserts: [record, other], deletes: [], history: [] });
    const candidates = await store.search(queryFor("swimming", { userId: "ctx" }));
    const hit = candidates.find((candidate) => candidate.record.id === record.id)!;
    expect(hit.record.memory).toBe(text);
    expect(hit.matchedTerms).toEqual(["swim"]);
    expect(hit.bm25).toBeGreaterThan(0);
    expect(candidates.find((candidate) => candidate.record.id === other.id)?.bm25 ?? 0).toBe(0);
  });

  it("returns at most `limit` candidates from each ranking", async () => {
    const store = getStore();
    const records = Array.from({ length: 30 }, (_, index) =>
      makeRecord(`note number ${index} about gardening`, { userId: "u9" }),
    );
    await store.write({ upserts: records, deletes: [], history: [] });
    const candidates = await store.search(queryFor("gardening note", { userId: "u9" }, 5));
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.length).toBeLessThanOrEqual(10);
    expect(new Set(candidates.map((candidate) => candidate.record.id)).size).toBe(candidates.length);
  });

  it("leaves out memories that are not valid at asOf, and includes them when asked", async () => {
    const store = getStore();
    const old = makeRecord(
      "Lives in Lisbon",
      { userId: "u3" },
      {
        validFrom: "2024-01-01T00:00:00.000Z",
        validTo: "2025-01-01T00:00:00.000Z",
      },
    );
    const current = makeRecord("Lives in Porto", { userId: "u3" }, { validFrom: "2025-01-01T00:00:00.000Z" });
    await store.write({ upserts: [old, current], deletes: [], history: [] });
    const ids = async (extra: object) =>
      (await store.search({ ...queryFor("lives", { userId: "u3" }), ...extra }))
        .map((candidate) => candidate.record.id)
        .sort();
    expect(await ids({})).toEqual([current.id]);
    expect(await ids({ asOf: "2024-06-01T00:00:00.000Z" })).toEqual([old.id]);
    expect(await ids({ asOf: "2023-06-01T00:00:00.000Z" })).toEqual([]);
    expect(await ids({ includeInvalid: true })).toEqual([old.id, current.id].sort());
  });

  it("applies the filter before ranking", async () => {
    const store = getStore();
    const a = makeRecord("tea with milk", { userId: "u4" }, { metadata: { topic: "drinks" } });
    const b = makeRecord("tea ceremony in Kyoto", { userId: "u4" }, { metadata: { topic: "travel" } });
    await store.write({ upserts: [a, b], deletes: [], history: [] });
    const candidates = await store.search({
      ...queryFor("tea", { userId: "u4" }),
      filter: { topic: "travel" },
    });
    expect(candidates.map((candidate) => candidate.record.id)).toEqual([b.id]);
  });
}
