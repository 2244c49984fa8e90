import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopK } from "../store/top-k.js";
import { bm25Idf, bm25Score } from "./bm25.js";
import { terms, words } from "./tokenize.js";

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
