import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopK } from "../store/top-k.js";
import { bm25Idf, bm25Score } from "./bm25.js";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { Memory } from "../memory/memory.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { maxQueryTerms, maxTermLength, queryTerms, terms, words } from "./tokenize.js";

describe("tokenize", () => {
  it("lowercases, drops stop words and possessives, stems with Porter2", () => {
    expect(words("Dana's dogs don't RUN!")).toEqual(["dana", "dogs", "don't", "run"]);
    expect(terms("I am running to the libraries with my sister's dogs")).toEqual([
      "run",
      "librari",
      "sister",
      "dog",
    ]);
    expect(terms("Born in 1987, moved 3 times")).toEqual(["born", "1987", "move", "3", "time"]);
  });

  it("bounds the work of hostile text: words past maxTermLength are cut unstemmed, queries keep maxQueryTerms", () => {
    expect(terms(`x ${"a".repeat(20_000)} y`)).toEqual(["x", "a".repeat(maxTermLength), "y"]);
    expect(terms(`running${"s".repeat(60)}`)).toEqual([`running${"s".repeat(maxTermLength - 7)}`]);
    const many = Array.from({ length: 20_000 }, (_, index) => `term${index}`).join(" ");
    expect(queryTerms(many)).toHaveLength(maxQueryTerms);
    expect(queryTerms(many)[0]).toBe("term0");
    expect(queryTerms("running dogs")).toEqual(terms("running dogs"));
  });

  it("still finds a memory by a long token, which is cut the same way in the memory and in the query", async () => {
    const memory = new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder() });
    const token = `k${"0123456789abcdef".repeat(8)}`;
    const [item] = (await memory.add(`API key fingerprint ${token}`, { userId: "u" })).results;
    await memory.add("Likes green tea", { userId: "u" });
    const found = await memory.search(token, { userId: "u", explain: true });
    expect(found.results[0]!.id).toBe(item!.id);
    expect(found.results[0]!.explanation!.keyword).toBeGreaterThan(0);
    const hostile = await memory.search(`${"a".repeat(20_000)} fingerprint`, { userId: "u" });
    expect(hostile.results[0]!.id).toBe(item!.id);
  });
});

describe("bm25", () => {
  it("matches the textbook formula", () => {
    const stats = { documentCount: 10, averageLength: 5, documentFrequency: new Map([["tea", 2]]) };
    const idf = Math.log(1 + (10 - 2 + 0.5) / (2 + 0.5));
    expect(bm25Idf(10, 2)).toBeCloseTo(idf, 12);
    const classic = (idf * 2 * 2.2) / (2 + 1.2 * (1 - 0.75 + (0.75 * 8) / 5));
    expect(bm25Score(["tea", "absent"], new Map([["tea", 2]]), 8, stats, { k1: 1.2, b: 0.75 })).toBeCloseTo(
      classic,
      12,
    );
    const memoryDefaults = (idf * 2 * 1.9) / (2 + 0.9 * (1 - 0.4 + (0.4 * 8) / 5));
    expect(bm25Score(["tea", "absent"], new Map([["tea", 2]]), 8, stats)).toBeCloseTo(memoryDefaults, 12);
  });
});

describe("TopK", () => {
  it("keeps exactly the k best scores", () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 10 }),
        (scores, k) => {
          const top = new TopK<number>(k);
          for (const [index, score] of scores.entries()) top.push(index, score);
          const kept = top.sorted().map((index) => scores[index]!);
          expect(kept).toEqual([...scores].sort((a, b) => b - a).slice(0, k));
        },
      ),
    );
  });
});
