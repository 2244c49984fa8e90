import { performance } from "node:perf_hooks";
import { type LatencySummary, summarize } from "../stats/percentiles.js";
import { countTokens } from "../stats/tokens.js";
import { type MetricSummary, type QuestionMetrics, scoreQuestion, summarizeMetrics } from "./metrics.js";
import type { LocomoConversation, LocomoDataset, LocomoQuestion } from "./locomo-types.js";
import type { LocomoRetriever, RetrievedMemory } from "./retriever.js";

/** Answers and grades one question from its retrieved memories (the optional --llm mode). */
export type AnswerJudge = (question: LocomoQuestion, memories: RetrievedMemory[]) => Promise<boolean>;

/** One question's outcome, kept for analysis. */
export interface QuestionOutcome {
  /** Conversation id. */
  sampleId: string;
  /** Index in the conversation's qa list. */
  index: number;
  /** Category number. */
  category: number;
  /** Gold evidence ids. */
  evidence: string[];
  /** Sources of the top 10 retrieved memories. */
  top10: string[][];
  /** The metrics. */
  metrics: QuestionMetrics;
  /** The LLM judge's verdict on the answer (only with --llm, categories 1–4). */
  correct?: boolean;
}

/** A system's results over a dataset. */
export interface SystemEvaluation {
  /** The system, e.g. "engram verbatim". */
  name: string;
  /** Memories stored over all conversations. */
  memories: number;
  /** Time spent ingesting, in seconds. */
  ingestSeconds: number;
  /** Search latency in ms. */
  searchLatency: LatencySummary;
  /** Questions skipped because they have no usable evidence. */
  skippedNoEvidence: number;
  /** Metrics by category number ("1".."5"), for categories 1–4 ("1-4") and over all ("all"). */
  groups: Record<string, MetricSummary>;
  /** Mean context tokens (o200k) of the top-k memory texts, by k. */
  contextTokens: Record<number, number>;
  /** Per-question outcomes. */
  outcomes: QuestionOutcome[];
  /** LLM-judge accuracy (percent) by category and over categories 1–4, with --llm. */
  judged?: Record<string, { count: number; accuracy: number }>;
}

/** Metrics by category number, over categories 1–4 ("1-4") and over all questions ("all"). */
export function groupMetrics(
  outcomes: readonly QuestionOutcome[],
  ks: readonly number[],
): Record<string, MetricSummary> {
  const groups: Record<string, MetricSummary> = {};
  const summary = (items: readonly QuestionOutcome[]) =>
    summarizeMetrics(
      items.map((outcome) => outcome.metrics),
      ks,
    );
  const categories = [...new Set(outcomes.map((outcome) => outcome.category))].sort((a, b) => a - b);
  for (const category of categories)
    groups[String(category)] = summary(outcomes.filter((outcome) => outcome.category === category));
  groups["1-4"] = summary(outcomes.filter((outcome) => outcome.category >= 1 && outcome.category <= 4));
  groups.all = summary(outcomes);
  return groups;
}

interface RunState {
  outcomes: QuestionOutcome[];
  latencies: number[];
  tokenTotals: Record<number, number>;
  skipped: number;
}

async function runQuestions(
  retriever: LocomoRetriever,
  conversation: LocomoConversation,
  ks: readonly number[],
  state: RunState,
  judge: { answer: AnswerJudge; k: number } | undefined,
): Promise<void> {
  for (const question of conversation.questions) {
    if (question.evidence.length === 0) {
      state.skipped++;
      continue;
    }
    const start = performance.now();
    const ranked = await retriever.search(conversation, question.question, Math.max(...ks));
    state.latencies.push(performance.now() - start);
    for (const k of ks)
      state.tokenTotals[k]! += countTokens(
        ranked
          .slice(0, k)
          .map((item) => item.text)
          .join("\n"),
      );
    const outcome: QuestionOutcome = {
      sampleId: conversation.sampleId,
      index: question.index,
      category: question.category,
      evidence: question.evidence,
      top10: ranked.slice(0, 10).map((item) => item.sourceIds),
      metrics: scoreQuestion(ranked, question.evidence, ks),
    };
    if (judge && question.category >= 1 && question.category <= 4)
      outcome.correct = await judge.answer(question, ranked.slice(0, judge.k));
    state.outcomes.push(outcome);
  }
}

/** Ingests every conversation, runs every question with evidence, and scores the rankings. */
export async function evaluateRetriever(
  retriever: LocomoRetriever,
  dataset: LocomoDataset,
  ks: readonly number[],
  progress: (message: string) => void = () => {},
  judge?: { answer: AnswerJudge; k: number },
): Promise<SystemEvaluation> {
  const state: RunState = {
    outcomes: [],
    latencies: [],
    tokenTotals: Object.fromEntries(ks.map((k) => [k, 0])),
    skipped: 0,
  };
  let memories = 0;
  let ingestMs = 0;
  for (const conversation of dataset.conversations) {
    const began = performance.now();
    memories += await retriever.ingest(conversation);
    ingestMs += performance.now() - began;
    await runQuestions(retriever, conversation, ks, state, judge);
    progress(`${retriever.name}: ${conversation.sampleId} done`);
  }
  const { outcomes } = state;
  return {
    name: retriever.name,
    memories,
    ingestSeconds: ingestMs / 1000,
    searchLatency: summarize(state.latencies.length ? state.latencies : [0]),
    skippedNoEvidence: state.skipped,
    groups: groupMetrics(outcomes, ks),
    contextTokens: Object.fromEntries(
      ks.map((k) => [k, outcomes.length ? state.tokenTotals[k]! / outcomes.length : 0]),
    ),
    outcomes,
    ...(judge ? { judged: judgedAccuracy(outcomes) } : {}),
  };
}

/** LLM-judge accuracy by category and over all judged questions ("1-4"). */
export function judgedAccuracy(
  outcomes: readonly QuestionOutcome[],
): Record<string, { count: number; accuracy: number }> {
  const judged = outcomes.filter((outcome) => outcome.correct !== undefined);
  const accuracy = (items: QuestionOutcome[]) => ({
    count: items.length,
    accuracy: items.length ? (100 * items.filter((item) => item.correct).length) / items.length : Number.NaN,
  });
  const result: Record<string, { count: number; accuracy: number }> = {};
  for (const category of [...new Set(judged.map((outcome) => outcome.category))].sort()) {
    result[String(category)] = accuracy(judged.filter((outcome) => outcome.category === category));
  }
  result["1-4"] = accuracy(judged);
  return result;
}
