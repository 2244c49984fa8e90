import { describe, expect, it } from "vitest";
import { normalize } from "../embedders/vector-math.js";
import { hashMemory } from "../memory/hash-memory.js";
import { bm25Score } from "../text/bm25.js";
import { termFrequencies, terms } from "../text/tokenize.js";
import type { MemoryRecord } from "../types.js";
import { MemoryIndex } from "./memory-index.js";

const vocabulary = [
  "coffee",
  "tea",
  "garden",
  "river",
  "piano",
  "chess",
  "bread",
  "train",
  "museum",
  "winter",
];
let seed = 5;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const now = "2025-06-01T00:00:00.000Z";

function record(id: number, userId: string): MemoryRecord {
  const text = Array.from(
    { length: 3 + Math.floor(random() * 6) },
    () => vocabulary[Math.floor(random() ** 2 * 10)],
  ).join(" ");
  return {
    id: `m${id}`,
    version: 1,
    memory: text,
    type: "fact",
    hash: hashMemory(text),
    metadata: {},
    userId,
    agentId: "tenant",
    createdAt: now,
    updatedAt: now,
    sources: [],
    validFrom: now,
    validTo: null,
    embedding: normalize(Float32Array.from({ length: 8 }, () => random() - 0.5)),
  };
}

describe("MemoryIndex keyword scoring", () => {
  it("gives textbook BM25 with scope-local statistics, for broad scopes (postings) and narrow ones (scan)", () => {
    const index = new MemoryIndex();
    const records = Array.from({ length: 400 }, (_, id) => record(id, id % 10 < 7 ? "big" : "small"));
    for (const item of records) index.upsert(item);
    index.remove("m0"); // removal must leave the posting lists consistent
    const query = "coffee river chess";
    for (const userId of ["big", "small"]) {
      const scope = records.filter((item) => item.userId === userId && item.id !== "m0");
      const documents = scope.map((item) => ({
        id: item.id,
        frequencies: termFrequencies(terms(item.memory)),
        length: terms(item.memory).length,
      }));
      const queryTerms = terms(query);
      const stats = {
        documentCount: documents.length,
        averageLength: documents.reduce((sum, document) => sum + document.length, 0) / documents.length,
        documentFrequency: new Map(
          queryTerms.map((term) => [
            term,
            documents.filter((document) => document.frequencies.has(term)).length,
          ]),
        ),
      };
      const expected = new Map(
        documents.map((document) => [
          document.id,
          bm25Score(queryTerms, document.frequencies, document.length, stats),
        ]),
      );
      const candidates = index.search(
        { scope: { userId }, vector: normalize(new Float32Array(8).fill(1)), terms: queryTerms, limit: 1000 },
        now,
      );
      expect(candidates.length).toBe(documents.length);
      for (const candidate of candidates)
        expect(candidate.bm25).toBeCloseTo(expected.get(candidate.record.id)!, 10);
    }
  });
});

describe("MemoryIndex slots", () => {
  it("keeps scopes, validity and search exact while slots are freed and reused across users and runs", () => {
    const index = new MemoryIndex();
    const live = new Map<string, MemoryRecord>();
    let next = 0;
    for (let round = 0; round < 6; round++) {
      for (let count = 0; count < 60; count++) {
        const item = record(next++, ["ann", "bob", "cy"][Math.floor(random() * 3)]!);
        item.runId = random() < 0.5 ? "r1" : undefined;
        if (random() < 0.2) item.validTo = "2025-01-01T00:00:00.000Z"; // expired before `now`
        index.upsert(item);
        live.set(item.id, item);
      }
      for (const id of [...live.keys()]) {
        if (random() < 0.4) {
          expect(index.remove(id)?.id).toBe(id);
          live.delete(id);
        }
      }
    }
    expect(index.size).toBe(live.size);
    const vector = normalize(new Float32Array(8).fill(1));
    for (const scope of [{ userId: "ann" }, { agentId: "tenant" }, { userId: "bob", runId: "r1" }]) {
      const expected = [...live.values()].filter(
        (item) =>
          item.validTo === null &&
          Object.entries(scope).every(([field, value]) => item[field as keyof MemoryRecord] === value),
      );
      const listed = index.list({ scope, limit: 10_000 }, now).records;
      expect(listed.map((item) => item.id).sort()).toEqual(expected.map((item) => item.id).sort());
      const found = index.search({ scope, vector, terms: [], limit: 10_000 }, now);
      expect(found.map((candidate) => candidate.record.id).sort()).toEqual(
        expected.map((item) => item.id).sort(),
      );
      for (const candidate of found) {
        const own = candidate.record.embedding.reduce((sum, value, at) => sum + value * vector[at]!, 0);
        expect(candidate.vectorScore).toBeCloseTo(own, 5);
      }
    }
    expect(
      index.search({ scope: { userId: "ann", runId: "none" }, vector, terms: [], limit: 5 }, now),
    ).toEqual([]);
  });
});
