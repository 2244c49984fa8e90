import { describe, expect, it } from "vitest";
import { hitAt, ndcgAt, recallAt, reciprocalRank, scoreQuestion, summarizeMetrics } from "./metrics.js";

const items = (...sources: string[][]) => sources.map((sourceIds) => ({ sourceIds }));
const evidence = (...ids: string[]) => new Set(ids);

describe("recallAt", () => {
  it("counts the share of evidence ids covered by the top k", () => {
    const ranked = items(["D1:1"], ["D1:2"], ["D1:3"], ["D1:4"]);
    const gold = evidence("D1:2", "D1:4", "D9:9");
    expect(recallAt(ranked, gold, 1)).toBe(0);
    expect(recallAt(ranked, gold, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(ranked, gold, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(ranked, gold, 50)).toBeCloseTo(2 / 3, 12);
  });

  it("credits a memory with several sources for each evidence id it covers, once", () => {
    const ranked = items(["D1:1", "D2:2"], ["D1:1"]);
    expect(recallAt(ranked, evidence("D1:1", "D2:2"), 1)).toBe(1);
    expect(recallAt(ranked, evidence("D1:1", "D3:3"), 2)).toBe(0.5);
  });

  it("refuses empty evidence", () => {
    expect(() => recallAt(items(["D1:1"]), evidence(), 1)).toThrow(/evidence/);
  });
});

describe("hitAt and reciprocalRank", () => {
  it("finds the first memory with any source in the evidence", () => {
    const ranked = items(["D1:1"], ["D5:5", "D2:2"], ["D2:2"]);
    const gold = evidence("D2:2");
    expect(hitAt(ranked, gold, 1)).toBe(0);
    expect(hitAt(ranked, gold, 2)).toBe(1);
    expect(reciprocalRank(ranked, gold)).toBe(0.5);
    expect(reciprocalRank(ranked, evidence("D7:7"))).toBe(0);
    expect(reciprocalRank([], gold)).toBe(0);
  });
});

describe("ndcgAt", () => {
  it("is 1 for an ideal ranking and 0 without hits", () => {
    expect(ndcgAt(items(["A"], ["B"], ["x"]), evidence("A", "B"), 10)).toBe(1);
    expect(ndcgAt(items(["x"], ["y"]), evidence("A"), 10)).toBe(0);
  });

  it("matches a hand-computed value", () => {
    // Relevant at ranks 2 and 3 of 2 evidence ids: DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3).
    const value = ndcgAt(items(["x"], ["A"], ["B"]), evidence("A", "B"), 10);
    const expected = (1 / Math.log2(3) + 1 / 2) / (1 + 1 / Math.log2(3));
    expect(value).toBeCloseTo(expected, 12);
  });

  it("does not reward a second memory covering the same evidence id", () => {
    const value = ndcgAt(items(["A"], ["A"]), evidence("A", "B"), 10);
    expect(value).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });

  it("ignores items below the cut-off", () => {
    expect(ndcgAt(items(["x"], ["A"]), evidence("A"), 1)).toBe(0);
  });
});

describe("scoreQuestion and summarizeMetrics", () => {
  it("averages per-question metrics, recall and hit in percent", () => {
    const ks = [1, 5];
    const first = scoreQuestion(items(["A"], ["B"]), ["A", "B"], ks);
    const second = scoreQuestion(items(["x"], ["C"]), ["C"], ks);
    expect(first.recall).toEqual({ 1: 0.5, 5: 1 });
    expect(second.hit).toEqual({ 1: 0, 5: 1 });
    const summary = summarizeMetrics([first, second], ks);
    expect(summary.count).toBe(2);
    expect(summary.recall[1]).toBeCloseTo(25, 12);
    expect(summary.recall[5]).toBeCloseTo(100, 12);
    expect(summary.hit[1]).toBeCloseTo(50, 12);
    expect(summary.mrr).toBeCloseTo(0.75, 12);
    expect(summary.ndcg10).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 12);
  });
});
