import type { RetrievedMemory } from "./retriever.js";

/** One question's ranked memories (relevance and token size known), with its evidence. */
export interface FloorCase {
  /** The conversation the memories come from. */
  sampleId: string;
  /** Gold dialogue ids; empty for an off-topic control query (every memory retrieved is irrelevant). */
  evidence: ReadonlySet<string>;
  /** Best first, each with `relevance` set. */
  ranked: ReadonlyArray<RetrievedMemory & { relevance: number; tokens: number }>;
}

/** What a floor does to a set of questions, averaged per question. */
export interface FloorMetrics {
  /** The floor. */
  floor: number;
  /** Questions with evidence. */
  questions: number;
  /** Evidence recall of the top 10 kept, in %. */
  recall10: number;
  /** Memories kept in the top 10. */
  kept10: number;
  /** Kept memories in the top 10 that are not evidence. */
  irrelevant10: number;
  /** Share of kept top-10 memories that are evidence, pooled over questions, in %. */
  precision10: number;
  /** Questions left with no memory at all, in %. */
  empty: number;
  /** Evidence recall of what fits a token budget, in %. */
  recallBudget: number;
  /** Tokens of memory text injected under the budget. */
  tokensBudget: number;
  /** Non-evidence memories injected under the budget. */
  irrelevantBudget: number;
  /** Off-topic control queries (another conversation's questions): memories injected under the budget. */
  offTopicBudget: number;
}

const isHit = (memory: RetrievedMemory, evidence: ReadonlySet<string>) =>
  memory.sourceIds.some((id) => evidence.has(id));

function recall(memories: readonly RetrievedMemory[], evidence: ReadonlySet<string>): number {
  const covered = new Set<string>();
  for (const memory of memories) for (const id of memory.sourceIds) if (evidence.has(id)) covered.add(id);
  return covered.size / evidence.size;
}

/** The memories that fit `budget` tokens, most relevant first, skipping ones that do not fit (as buildContext does). */
function fitBudget<TMemory extends { tokens: number }>(
  ranked: readonly TMemory[],
  budget: number,
): TMemory[] {
  const chosen: TMemory[] = [];
  let used = 0;
  for (const memory of ranked) {
    if (used + memory.tokens > budget) continue;
    chosen.push(memory);
    used += memory.tokens;
  }
  return chosen;
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** Scores one floor over questions with evidence and off-topic control queries. */
export function floorMetrics(
  floor: number,
  cases: readonly FloorCase[],
  offTopic: readonly FloorCase[],
  budget: number,
): FloorMetrics {
  const recalls: number[] = [];
  const kept: number[] = [];
  const irrelevant: number[] = [];
  const budgetRecalls: number[] = [];
  const budgetTokens: number[] = [];
  const budgetIrrelevant: number[] = [];
  let hits = 0;
  let empty = 0;
  for (const item of cases) {
    const passing = item.ranked.filter((memory) => memory.relevance >= floor);
    const top = passing.slice(0, 10);
    const topHits = top.filter((memory) => isHit(memory, item.evidence)).length;
    recalls.push(recall(top, item.evidence));
    kept.push(top.length);
    irrelevant.push(top.length - topHits);
    hits += topHits;
    if (passing.length === 0) empty++;
    const injected = fitBudget(passing, budget);
    budgetRecalls.push(recall(injected, item.evidence));
    budgetTokens.push(injected.reduce((sum, memory) => sum + memory.tokens, 0));
    budgetIrrelevant.push(injected.filter((memory) => !isHit(memory, item.evidence)).length);
  }
  const totalKept = kept.reduce((a, b) => a + b, 0);
  return {
    floor,
    questions: cases.length,
    recall10: 100 * mean(recalls),
    kept10: mean(kept),
    irrelevant10: mean(irrelevant),
    precision10: totalKept ? (100 * hits) / totalKept : 0,
    empty: cases.length ? (100 * empty) / cases.length : 0,
    recallBudget: 100 * mean(budgetRecalls),
    tokensBudget: mean(budgetTokens),
    irrelevantBudget: mean(budgetIrrelevant),
    offTopicBudget: mean(
      offTopic.map(
        (item) =>
          fitBudget(
            item.ranked.filter((memory) => memory.relevance >= floor),
            budget,
          ).length,
      ),
    ),
  };
}

/**
 * The floor chosen on training questions: the highest floor of the grid whose recall@10 stays within
 * `maxRecallLoss` points of no floor (missing evidence costs more than padding, so recall bounds the choice).
 */
export function chooseFloor(
  grid: readonly number[],
  cases: readonly FloorCase[],
  offTopic: readonly FloorCase[],
  budget: number,
  maxRecallLoss: number,
): number {
  const baseline = floorMetrics(0, cases, offTopic, budget).recall10;
  let chosen = 0;
  for (const floor of grid) {
    if (floorMetrics(floor, cases, offTopic, budget).recall10 >= baseline - maxRecallLoss)
      chosen = Math.max(chosen, floor);
  }
  return chosen;
}
