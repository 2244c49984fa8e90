import { type CandidateDefault, candidateDefaults } from "./candidate-defaults.js";
import type { QuestionOutcome } from "./evaluate.js";
import { type MetricSummary, summarizeMetrics } from "./metrics.js";

/** One fold: a held-out conversation and the conversations the setting is chosen on. */
export interface Fold {
  /** The conversation scored. */
  heldOut: string;
  /** The conversations the setting is chosen on (never the held-out one). */
  tuning: string[];
}

/** One conversation's run of one setting. */
export interface ConversationRun {
  /** Per-question outcomes. */
  outcomes: QuestionOutcome[];
  /** Mean context tokens of the top-k memory texts, by k. */
  contextTokens: Record<number, number>;
}

/** A candidate's runs, by conversation id. */
export interface CandidateRuns {
  /** The candidate. */
  candidate: CandidateDefault;
  /** Its run on each conversation. */
  runs: Map<string, ConversationRun>;
}

/** A fold's outcome: what it chose on the tuning conversations and how that did on the held-out one. */
export interface FoldResult extends Fold {
  /** The candidate chosen on the tuning conversations. */
  chosen: CandidateDefault;
  /** Pooled R@10 of the chosen candidate on the tuning conversations. */
  tuningRecall10: number;
  /** The chosen candidate's metrics on the held-out conversation. */
  heldOutMetrics: MetricSummary;
  /** Its mean context tokens at 10 on the held-out conversation. */
  heldOutTokens10: number;
}

/** The leave-one-out folds of a list of conversation ids: each one held out once, tuned on all the others. */
export function leaveOneOutFolds(ids: readonly string[]): Fold[] {
  if (new Set(ids).size !== ids.length) throw new Error("leave-one-out needs distinct conversation ids.");
  if (ids.length < 2) throw new Error("leave-one-out needs at least two conversations.");
  return ids.map((heldOut) => ({ heldOut, tuning: ids.filter((id) => id !== heldOut) }));
}

function runOf(candidate: CandidateRuns, id: string): ConversationRun {
  const run = candidate.runs.get(id);
  if (!run) throw new Error(`no run of the candidate on conversation ${id}.`);
  return run;
}

/** Pooled R@10 (percent) of a candidate over the questions of the given conversations. */
export function pooledRecall10(candidate: CandidateRuns, ids: readonly string[]): number {
  const outcomes = ids.flatMap((id) => runOf(candidate, id).outcomes);
  return summarizeMetrics(
    outcomes.map((outcome) => outcome.metrics),
    [10],
  ).recall[10]!;
}

const cost = (candidate: CandidateDefault) => (candidate.before + candidate.after) * 2 + candidate.after;

/** The pre-declared rule: highest pooled R@10 on `tuning`; within 0.05 points, fewer context messages win. */
export function chooseCandidate(
  candidates: readonly CandidateRuns[],
  tuning: readonly string[],
): CandidateRuns {
  if (candidates.length === 0) throw new Error("no candidates to choose from.");
  const scored = candidates.map((entry) => ({ entry, recall: pooledRecall10(entry, tuning) }));
  const best = Math.max(...scored.map((item) => item.recall));
  const tied = scored.filter((item) => item.recall >= best - 0.05);
  tied.sort((a, b) => cost(a.entry.candidate) - cost(b.entry.candidate) || b.recall - a.recall);
  return tied[0]!.entry;
}

/** Runs every fold: chooses on the tuning conversations only, then scores the choice on the held-out one. */
export function leaveOneOut(
  candidates: readonly CandidateRuns[],
  ids: readonly string[],
  ks: readonly number[],
): FoldResult[] {
  return leaveOneOutFolds(ids).map((fold) => {
    const chosen = chooseCandidate(candidates, fold.tuning);
    const heldOut = runOf(chosen, fold.heldOut);
    return {
      ...fold,
      chosen: chosen.candidate,
      tuningRecall10: pooledRecall10(chosen, fold.tuning),
      heldOutMetrics: summarizeMetrics(
        heldOut.outcomes.map((outcome) => outcome.metrics),
        ks,
      ),
      heldOutTokens10: heldOut.contextTokens[10] ?? Number.NaN,
    };
  });
}

/** The grid the folds choose from (re-exported so callers need one import). */
export { candidateDefaults };
