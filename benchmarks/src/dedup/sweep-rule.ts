import { compareMemoryTexts, type Embedder, type MemoryTextComparison } from "@engram/core";
import type { LabelledPair } from "./duplicate-pairs.js";

/** A pair with what the rule looks at: the embedder's cosine similarity and the lexical comparison. */
export interface ScoredPair extends LabelledPair {
  /** Cosine similarity of the two texts' unit-length embeddings. */
  similarity: number;
  /** The lexical comparison (new text against the existing one). */
  lexical: MemoryTextComparison;
}

/** A decision rule: duplicate when lexically compatible, overlap ≥ minOverlap, at most maxExtraTerms new terms, similarity ≥ threshold. */
export interface DuplicateRule {
  /** Least cosine similarity. */
  threshold: number;
  /** Least Jaccard overlap of content terms. */
  minOverlap: number;
  /** Most content terms the new text may add. */
  maxExtraTerms: number;
}

/** Precision and recall of "duplicate" under a rule. */
export interface RuleScore {
  /** True positives. */
  truePositives: number;
  /** False positives (a different fact called a duplicate: a lost fact). */
  falsePositives: number;
  /** False negatives (a duplicate stored twice). */
  falseNegatives: number;
  /** Precision (1 when nothing is called a duplicate). */
  precision: number;
  /** Recall. */
  recall: number;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let product = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    product += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return normA === 0 || normB === 0 ? 0 : product / Math.sqrt(normA * normB);
}

/** Embeds both sides of every pair (one batch) and compares their wording. */
export async function scorePairs(embedder: Embedder, pairs: LabelledPair[]): Promise<ScoredPair[]> {
  const texts = pairs.flatMap((pair) => [pair.existing, pair.candidate]);
  const vectors = await embedder.embed(texts);
  return pairs.map((pair, index) => ({
    ...pair,
    similarity: cosine(vectors[2 * index]!, vectors[2 * index + 1]!),
    lexical: compareMemoryTexts(pair.candidate, pair.existing),
  }));
}

/** True when the rule calls the pair a duplicate. */
export function isDuplicate(pair: ScoredPair, rule: DuplicateRule): boolean {
  return (
    pair.lexical.compatible &&
    pair.lexical.overlap >= rule.minOverlap &&
    pair.lexical.extraTerms <= rule.maxExtraTerms &&
    pair.similarity >= rule.threshold
  );
}

/** Precision and recall of the rule on the pairs. */
export function scoreRule(pairs: ScoredPair[], rule: DuplicateRule): RuleScore {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const pair of pairs) {
    const called = isDuplicate(pair, rule);
    if (called && pair.duplicate) truePositives++;
    else if (called) falsePositives++;
    else if (pair.duplicate) falseNegatives++;
  }
  const called = truePositives + falsePositives;
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    precision: called === 0 ? 1 : truePositives / called,
    recall: truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives),
  };
}

/** The candidate rules of the sweep: similarity thresholds by 0.01, a few overlap floors and extra-term caps. */
export function candidateRules(): DuplicateRule[] {
  const rules: DuplicateRule[] = [];
  for (let step = 0; step <= 50; step++)
    for (const minOverlap of [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
      for (const maxExtraTerms of [0, 1, 2, Number.POSITIVE_INFINITY])
        rules.push({ threshold: Math.round((0.5 + step * 0.01) * 100) / 100, minOverlap, maxExtraTerms });
  return rules;
}

/**
 * The rule chosen on dev data: the highest recall among rules without a false merge; ties go to the rule
 * farthest from merging (highest threshold, then overlap floor, then fewest extra terms), so the margin is kept.
 */
export function pickRule(
  pairs: ScoredPair[],
  rules = candidateRules(),
): { rule: DuplicateRule; score: RuleScore } {
  let best: { rule: DuplicateRule; score: RuleScore } | undefined;
  for (const rule of rules) {
    const score = scoreRule(pairs, rule);
    if (score.falsePositives > 0) continue;
    if (
      !best ||
      score.recall > best.score.recall ||
      (score.recall === best.score.recall && safer(rule, best.rule))
    )
      best = { rule, score };
  }
  return best ?? { rule: rules.at(-1)!, score: scoreRule(pairs, rules.at(-1)!) };
}

function safer(a: DuplicateRule, b: DuplicateRule): boolean {
  if (a.threshold !== b.threshold) return a.threshold > b.threshold;
  if (a.minOverlap !== b.minOverlap) return a.minOverlap > b.minOverlap;
  return a.maxExtraTerms < b.maxExtraTerms;
}
