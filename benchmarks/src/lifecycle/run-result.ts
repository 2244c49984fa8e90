import type { ExtractionTally } from "./metrics.js";
import type { OracleCounts } from "./scripted-model.js";
import type { SlotName } from "./slot-definition.js";

/** How memories were extracted: the offline rules, or the scripted oracle model. */
export type ExtractionMode = "rules" | "oracle";

/** Answers to a group of questions. */
export interface QuestionCounts {
  /** Questions asked. */
  questions: number;
  /** Current: the current value was in the top 5; asOf: judged correct. */
  correct: number;
  /** Current only: results in the top 5 stating an older value. */
  stale: number;
  /** Current only: questions with at least one stale result in the top 5. */
  questionsWithStale: number;
}

/** Active memories after a number of sessions. */
export interface ActiveCount {
  /** Sessions done. */
  checkpoint: number;
  /** Active memories (getAll's default). */
  total: number;
  /** By memory type. */
  byType: Record<string, number>;
}

/** What one run (a user, an extraction mode, with or without maintenance) measured. */
export interface RunResult {
  /** The simulated user. */
  userId: string;
  /** Extraction mode. */
  mode: ExtractionMode;
  /** Whether the lifecycle policy was configured and maintain() ran. */
  maintenance: boolean;
  /** Whether lifecycle.consolidate was passed (core has consolidate()). */
  consolidation: boolean;
  /** Messages added. */
  messages: number;
  /** Active memories over time. */
  active: ActiveCount[];
  /** Current-value questions, pooled. */
  current: QuestionCounts;
  /** Current-value questions by slot. */
  currentBySlot: Partial<Record<SlotName, QuestionCounts>>;
  /** Current-value questions by question text. */
  currentByQuestion: Record<string, QuestionCounts>;
  /** A few stale results, for the report. */
  staleExamples: string[];
  /** asOf questions, pooled. */
  asOf: QuestionCounts;
  /** asOf questions by slot. */
  asOfBySlot: Partial<Record<SlotName, QuestionCounts>>;
  /** Tokens of the buildContext block of each current-value question. */
  contextTokens: number[];
  /** Memories in each block. */
  contextMemories: number[];
  /** Wall time of each maintenance run (maintain, plus consolidate when it is separate), ms. */
  maintenanceMs: number[];
  /** What maintenance did, summed over runs: archived, purged, and consolidation steps by op. */
  maintenanceDone: Record<string, number>;
  /** What extraction made of the messages. */
  extraction: ExtractionTally;
  /** Scripted oracle: calls by response format, prompt tokens, what it noticed. */
  model?: { calls: Record<string, number>; promptTokens: Record<string, number[]>; counts: OracleCounts };
  /** Wall time of all add() calls, ms. */
  addMs: number;
  /** Wall time of the run, ms. */
  wallMs: number;
}

/** Zero counts. */
export function emptyCounts(): QuestionCounts {
  return { questions: 0, correct: 0, stale: 0, questionsWithStale: 0 };
}

/** Adds `from` into `into`. */
export function addCounts(into: QuestionCounts, from: QuestionCounts): void {
  into.questions += from.questions;
  into.correct += from.correct;
  into.stale += from.stale;
  into.questionsWithStale += from.questionsWithStale;
}
