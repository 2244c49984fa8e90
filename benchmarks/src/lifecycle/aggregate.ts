import { summarize } from "../stats/percentiles.js";
import { createTally, type ExtractionTally, mergeTally } from "./metrics.js";
import {
  addCounts,
  emptyCounts,
  type ExtractionMode,
  type QuestionCounts,
  type RunResult,
} from "./run-result.js";
import type { SlotName } from "./slot-definition.js";
import { getOrCreate } from "./get-or-create.js";

/** Every user's runs of one mode with or without maintenance, pooled. */
export interface Group {
  /** Extraction mode. */
  mode: ExtractionMode;
  /** With maintenance. */
  maintenance: boolean;
  /** Users pooled. */
  users: number;
  /** Mean active memories at each checkpoint. */
  active: Array<{ checkpoint: number; mean: number }>;
  /** Mean active memories by type at the last checkpoint. */
  activeByType: Record<string, number>;
  /** Current-value questions. */
  current: QuestionCounts;
  /** By slot. */
  currentBySlot: Partial<Record<SlotName, QuestionCounts>>;
  /** By question text. */
  currentByQuestion: Record<string, QuestionCounts>;
  /** asOf questions. */
  asOf: QuestionCounts;
  /** By slot. */
  asOfBySlot: Partial<Record<SlotName, QuestionCounts>>;
  /** Context tokens per question: mean and p95. */
  contextTokens: { mean: number; p95: number };
  /** Memories per context block, mean. */
  contextMemories: number;
  /** Maintenance: runs per user, mean and max ms per run, mean total ms per user. */
  maintenanceTime: { runsPerUser: number; meanMs: number; maxMs: number; totalPerUserMs: number } | undefined;
  /** What maintenance did, per user (mean). */
  maintenanceDone: Record<string, number>;
  /** Extraction, pooled. */
  extraction: ExtractionTally;
  /** Model calls per user by format, and prompt tokens (mean, p95) by format. */
  model?: Record<string, { callsPerUser: number; meanTokens: number; p95Tokens: number }>;
  /** Oracle: changed facts without the old value among the memories shown, per user (mean). */
  changesWithoutOldValueShown?: number;
  /** Changed facts per user (mean). */
  changedFactsPerUser: number;
  /** add() time per message, ms (mean). */
  addMsPerMessage: number;
  /** Stale examples. */
  staleExamples: string[];
}

const mean = (values: number[]) =>
  values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;

function pooled(runs: RunResult[], key: "currentBySlot" | "asOfBySlot" | "currentByQuestion") {
  const result: Record<string, QuestionCounts> = {};
  for (const run of runs)
    for (const [name, counts] of Object.entries(run[key]) as Array<[string, QuestionCounts]>)
      addCounts(getOrCreate(result, name, emptyCounts), counts);
  return result;
}

function modelGroup(runs: RunResult[]): Group["model"] {
  const withModel = runs.filter((run) => run.model);
  if (!withModel.length) return undefined;
  const formats = [...new Set(withModel.flatMap((run) => Object.keys(run.model!.calls)))];
  return Object.fromEntries(
    formats.map((format) => {
      const tokens = withModel.flatMap((run) => run.model!.promptTokens[format] ?? []);
      const summary = tokens.length ? summarize(tokens) : undefined;
      const calls = mean(withModel.map((run) => run.model!.calls[format] ?? 0));
      return [format, { callsPerUser: calls, meanTokens: summary?.mean ?? 0, p95Tokens: summary?.p95 ?? 0 }];
    }),
  );
}

function maintenanceGroup(runs: RunResult[]): Group["maintenanceTime"] {
  const times = runs.flatMap((run) => run.maintenanceMs);
  if (!times.length) return undefined;
  return {
    runsPerUser: times.length / runs.length,
    meanMs: mean(times),
    maxMs: Math.max(...times),
    totalPerUserMs: mean(runs.map((run) => run.maintenanceMs.reduce((sum, value) => sum + value, 0))),
  };
}

/** Pools the runs of one mode with or without maintenance. */
export function aggregate(runs: RunResult[], mode: ExtractionMode, maintenance: boolean): Group | undefined {
  const group = runs.filter((run) => run.mode === mode && run.maintenance === maintenance);
  if (!group.length) return undefined;
  const checkpoints = group[0]!.active.map((count) => count.checkpoint);
  const last = group.map((run) => run.active.at(-1)?.byType ?? {});
  const types = [...new Set(last.flatMap((byType) => Object.keys(byType)))].sort();
  const current = emptyCounts();
  const asOf = emptyCounts();
  const extraction = createTally();
  for (const run of group) {
    addCounts(current, run.current);
    addCounts(asOf, run.asOf);
    mergeTally(extraction, run.extraction);
  }
  const tokens = group.flatMap((run) => run.contextTokens);
  const done = [...new Set(group.flatMap((run) => Object.keys(run.maintenanceDone)))];
  const model = modelGroup(group);
  return {
    mode,
    maintenance,
    users: group.length,
    active: checkpoints.map((checkpoint) => ({
      checkpoint,
      mean: mean(group.map((run) => run.active.find((count) => count.checkpoint === checkpoint)?.total ?? 0)),
    })),
    activeByType: Object.fromEntries(
      types.map((type) => [type, mean(last.map((byType) => byType[type] ?? 0))]),
    ),
    current,
    currentBySlot: pooled(group, "currentBySlot"),
    currentByQuestion: pooled(group, "currentByQuestion"),
    asOf,
    asOfBySlot: pooled(group, "asOfBySlot"),
    contextTokens: tokens.length ? { mean: mean(tokens), p95: summarize(tokens).p95 } : { mean: 0, p95: 0 },
    contextMemories: mean(group.flatMap((run) => run.contextMemories)),
    maintenanceTime: maintenanceGroup(group),
    maintenanceDone: Object.fromEntries(
      done.map((key) => [key, mean(group.map((run) => run.maintenanceDone[key] ?? 0))]),
    ),
    extraction,
    ...(model ? { model } : {}),
    ...(model
      ? {
          changesWithoutOldValueShown: mean(
            group.map((run) => run.model?.counts.changesWithoutOldValueShown ?? 0),
          ),
        }
      : {}),
    changedFactsPerUser: extraction.byKind.change.facts / group.length,
    addMsPerMessage: mean(group.map((run) => run.addMs / Math.max(run.messages, 1))),
    staleExamples: group.flatMap((run) => run.staleExamples).slice(0, 8),
  };
}
