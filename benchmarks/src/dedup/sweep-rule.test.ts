import { createHashingEmbedder, defaultMinOverlap, nearDuplicateThreshold } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { describe, expect, it } from "vitest";
import { duplicatePairs, splitPairs } from "./duplicate-pairs.js";
import { freshPairs } from "./fresh-pairs.js";
import { pickRule, type ScoredPair, scorePairs, scoreRule } from "./sweep-rule.js";

const pair = (duplicate: boolean, similarity: number, overlap = 1): ScoredPair => ({
  existing: "a",
  candidate: "b",
  duplicate,
  kind: duplicate ? "paraphrase" : "related",
  similarity,
  lexical: { compatible: true, overlap, extraTerms: 0 },
});

describe("the near-duplicate rule sweep", () => {
  it("counts merges and misses, and picks the rule with the most recall and no false merge", () => {
    const pairs = [pair(true, 0.95), pair(true, 0.8), pair(false, 0.85), pair(true, 0.7, 0.2)];
    const rule = { threshold: 0.8, minOverlap: 0.5, maxExtraTerms: 0 };
    expect(scoreRule(pairs, rule)).toEqual({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
    });
    const picked = pickRule(pairs);
    expect(picked.score).toMatchObject({ falsePositives: 0, truePositives: 1 });
    expect(picked.rule.threshold).toBeGreaterThan(0.85);
  });

  it("has several hundred labelled pairs, both labels in each half", () => {
    const { dev, heldOut } = splitPairs(duplicatePairs);
    expect(duplicatePairs.length).toBeGreaterThanOrEqual(300);
    for (const half of [dev, heldOut]) {
      expect(half.filter((labelled) => labelled.duplicate).length).toBeGreaterThan(50);
      expect(half.filter((labelled) => !labelled.duplicate).length).toBeGreaterThan(80);
    }
    const keys = duplicatePairs.map((labelled) => `${labelled.existing}|${labelled.candidate}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ["wink", () => createWinkEmbedder()],
    ["hashing", () => createHashingEmbedder()],
  ])(
    "core's defaults for the %s embedder are the rule chosen on dev, with no false merge held out",
    async (_name, create) => {
      const embedder = create();
      const { dev, heldOut } = splitPairs(duplicatePairs);
      const { rule } = pickRule(await scorePairs(embedder, dev));
      expect(rule).toEqual({
        threshold: nearDuplicateThreshold(embedder.name),
        minOverlap: defaultMinOverlap,
        maxExtraTerms: 0,
      });
      for (const pairs of [heldOut, freshPairs])
        expect(scoreRule(await scorePairs(embedder, pairs), rule).falsePositives).toBe(0);
    },
  );
});
