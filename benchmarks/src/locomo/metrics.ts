/** A retrieved item: the dialogue ids it came from. */
export interface RetrievedItem {
  /** Source dialogue ids of the memory (a verbatim turn has one; an extracted fact may have several). */
  sourceIds: readonly string[];
}

/** Retrieval metrics of one question. */
export interface QuestionMetrics {
  /** recall@k for each k: the share of evidence ids covered by the sources of the top k. */
  recall: Record<number, number>;
  /** hit@k for each k: 1 when any of the top k is a hit (has a source in the evidence), else 0. */
  hit: Record<number, number>;
  /** Reciprocal rank of the first hit (0 when none is retrieved). */
  reciprocalRank: number;
  /** nDCG@10 with binary, novelty-aware gains (see `ndcgAt`). */
  ndcg10: number;
}

const isHit = (item: RetrievedItem, evidence: ReadonlySet<string>) =>
  item.sourceIds.some((id) => evidence.has(id));

/** recall@k: |evidence ∩ sources of the top k| / |evidence|. */
export function recallAt(ranked: readonly RetrievedItem[], evidence: ReadonlySet<string>, k: number): number {
  if (evidence.size === 0) throw new RangeError("recall needs at least one evidence id.");
  const covered = new Set<string>();
  for (const item of ranked.slice(0, k))
    for (const id of item.sourceIds) if (evidence.has(id)) covered.add(id);
  return covered.size / evidence.size;
}

/** hit@k: 1 when any of the top k items has a source id in the evidence. */
export function hitAt(ranked: readonly RetrievedItem[], evidence: ReadonlySet<string>, k: number): number {
  return ranked.slice(0, k).some((item) => isHit(item, evidence)) ? 1 : 0;
}

/** 1 / rank of the first hit, 0 when there is none. */
export function reciprocalRank(ranked: readonly RetrievedItem[], evidence: ReadonlySet<string>): number {
  const position = ranked.findIndex((item) => isHit(item, evidence));
  return position < 0 ? 0 : 1 / (position + 1);
}

/**
 * nDCG@k with binary gains: an item gains 1 when it covers an evidence id no earlier item covered (so several
 * memories from one turn are not rewarded twice). The ideal ranking covers one new id per position, so
 * IDCG = Σ_{i < min(|evidence|, k)} 1 / log2(i + 2). For verbatim turns this is ordinary binary nDCG.
 */
export function ndcgAt(ranked: readonly RetrievedItem[], evidence: ReadonlySet<string>, k: number): number {
  if (evidence.size === 0) throw new RangeError("nDCG needs at least one evidence id.");
  const covered = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((item, position) => {
    const fresh = item.sourceIds.filter((id) => evidence.has(id) && !covered.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) covered.add(id);
    dcg += 1 / Math.log2(position + 2);
  });
  let ideal = 0;
  for (let position = 0; position < Math.min(evidence.size, k); position++)
    ideal += 1 / Math.log2(position + 2);
  return dcg / ideal;
}

/** All metrics of one question at the given cut-offs. */
export function scoreQuestion(
  ranked: readonly RetrievedItem[],
  evidenceIds: readonly string[],
  ks: readonly number[],
): QuestionMetrics {
  const evidence = new Set(evidenceIds);
  const recall: Record<number, number> = {};
  const hit: Record<number, number> = {};
  for (const k of ks) {
    recall[k] = recallAt(ranked, evidence, k);
    hit[k] = hitAt(ranked, evidence, k);
  }
  return {
    recall,
    hit,
    reciprocalRank: reciprocalRank(ranked, evidence),
    ndcg10: ndcgAt(ranked, evidence, 10),
  };
}

/** Mean metrics over a group of questions. */
export interface MetricSummary {
  /** Questions in the group. */
  count: number;
  /** Mean recall@k, in percent. */
  recall: Record<number, number>;
  /** Mean hit@k, in percent. */
  hit: Record<number, number>;
  /** Mean reciprocal rank (0–1). */
  mrr: number;
  /** Mean nDCG@10 (0–1). */
  ndcg10: number;
}

/** Averages per-question metrics; recall and hit in percent. */
export function summarizeMetrics(items: readonly QuestionMetrics[], ks: readonly number[]): MetricSummary {
  const mean = (pick: (item: QuestionMetrics) => number) =>
    items.length ? items.reduce((sum, item) => sum + pick(item), 0) / items.length : Number.NaN;
  const recall: Record<number, number> = {};
  const hit: Record<number, number> = {};
  for (const k of ks) {
    recall[k] = 100 * mean((item) => item.recall[k]!);
    hit[k] = 100 * mean((item) => item.hit[k]!);
  }
  return {
    count: items.length,
    recall,
    hit,
    mrr: mean((item) => item.reciprocalRank),
    ndcg10: mean((item) => item.ndcg10),
  };
}
