import type { SearchCandidate } from "../store/memory-store.js";
import type { ScoreExplanation } from "../types.js";
import { memoryTime } from "./memory-time.js";
import { defaultRetrievalOptions, type RetrievalOptions } from "./retrieval-options.js";

const dayMs = 86_400_000;

/** Reads that make a memory count as "often read" (usage = 1 − 2^(−reads / this)). */
const usageScale = 5;

/**
 * The access-decay factor in [floor, ceiling]: 70 % freshness (2^(−days since the last read / half-life)) and
 * 30 % usage (1 − 2^(−reads / 5)); 1 when access decay is off.
 */
function accessFactor(candidate: SearchCandidate, options: RetrievalOptions, now: Date): number {
  const decay = options.accessDecay;
  if (!decay) return 1;
  const floor = decay.floor ?? 0.5;
  const ceiling = decay.ceiling ?? 1.2;
  const { record } = candidate;
  const lastSeen = record.lastAccessedAt ? Date.parse(record.lastAccessedAt) : memoryTime(record);
  const days = Math.max(0, (now.getTime() - lastSeen) / dayMs);
  const freshness = 2 ** (-days / decay.halfLifeDays);
  const usage = 1 - 2 ** (-(record.accessCount ?? 0) / usageScale);
  return floor + (ceiling - floor) * (0.7 * freshness + 0.3 * usage);
}

/** Combines a candidate's vector, keyword, recency, type, importance and access signals into an explained score. */
export function scoreCandidate(
  candidate: SearchCandidate,
  options: RetrievalOptions,
  now: Date,
): ScoreExplanation {
  const vectorWeight = options.vectorWeight ?? defaultRetrievalOptions.vectorWeight;
  const keywordWeight = options.keywordWeight ?? defaultRetrievalOptions.keywordWeight;
  const saturation = options.keywordSaturation ?? defaultRetrievalOptions.keywordSaturation;
  const vector = Math.max(0, Math.min(1, candidate.vectorScore));
  const keyword = candidate.bm25 > 0 ? candidate.bm25 / (candidate.bm25 + saturation) : 0;
  const totalWeight = vectorWeight + keywordWeight || 1;
  const relevance = (vectorWeight * vector + keywordWeight * keyword) / totalWeight;
  let recency = 1;
  let recencyWeight = 0;
  if (options.recency && options.recency.halfLifeDays > 0) {
    recencyWeight = Math.max(0, Math.min(1, options.recency.weight ?? 0.2));
    const ageDays = Math.max(0, (now.getTime() - memoryTime(candidate.record)) / dayMs);
    recency = 1 - recencyWeight + recencyWeight * 2 ** (-ageDays / options.recency.halfLifeDays);
  }
  const typeWeight = options.typeWeights?.[candidate.record.type] ?? 1;
  const importanceWeight = options.importanceWeight ?? 0;
  const importance = candidate.record.importance ?? 0.5;
  const importanceFactor = 1 - importanceWeight + importanceWeight * importance;
  const access = accessFactor(candidate, options, now);
  return {
    vector,
    bm25: candidate.bm25,
    keyword,
    matchedTerms: candidate.matchedTerms,
    relevance,
    recency,
    typeWeight,
    importance,
    importanceFactor,
    access,
    score: relevance * recency * typeWeight * importanceFactor * access,
    weights: {
      vector: vectorWeight / totalWeight,
      keyword: keywordWeight / totalWeight,
      recency: recencyWeight,
      importance: importanceWeight,
    },
  };
}
