import { InvalidArgumentError } from "../errors/index.js";
import { type ArchivePolicy, parseDuration } from "../memory/lifecycle-options.js";
import type { ByIdScope } from "../memory/memory-options.js";
import type { MemoryType } from "../types.js";
import { maxMemoryTextLength } from "../validate/well-formed.js";
import { checkKnownKeys } from "../validate/well-formed.js";

/** How old episodes are condensed into `summary` memories. */
export interface SummarizePolicy {
  /** Condense a period's memories once the period ended at least this long ago. @default "30d" */
  olderThan?: string | number;
  /** The period one summary covers. @default "month" */
  period?: "day" | "week" | "month";
  /** Fewest memories in a period worth a summary. @default 2 */
  minMemories?: number;
  /** The types condensed. @default ["episode"] */
  types?: MemoryType[];
  /** Longest summary text, in characters. @default 1000 */
  maxChars?: number;
}

/** What `consolidate()` looks for (the Memory's `lifecycle.consolidate`, or a call's overrides). */
export interface ConsolidationPolicy {
  /** Fold near-duplicates (the same meaning in other words) into the one that says the most. @default true */
  merge?: boolean;
  /** Retire memories that a newer one contradicts (same slot, opposite statement, a correction). @default true */
  supersede?: boolean;
  /** Condense old episodes per period into one summary each; false to keep them apart. @default {} (on) */
  summarize?: SummarizePolicy | false;
  /** Give memories written before a TTL policy existed the expiry the policy gives new ones. @default true */
  expire?: boolean;
  /**
   * With an `llm` configured: let the model write summaries and judge near-duplicates the rules leave open, one
   * call per cluster. @default true when the Memory has an `llm`
   */
  useModel?: boolean;
  /** Most model calls one run makes (further clusters are handled by the rules). @default 20 */
  maxModelCalls?: number;
}

/** Options of `consolidate()`: a scope (or `{ anyScope: true }`) plus `ConsolidateSettings`. */
export type ConsolidateOptions = ByIdScope & ConsolidateSettings;

/** What a consolidation run does besides choosing the scope. */
export interface ConsolidateSettings extends ConsolidationPolicy {
  /** Plan only: report the steps, change nothing. @default false */
  dryRun?: boolean;
  /** Only look at memories changed at or after this time (merges, contradictions and summaries). */
  since?: string | Date;
  /** Resume after the step a previous run stopped at (its report's `cursor`). */
  cursor?: string;
  /** Apply at most this many steps, then stop with a `cursor`. @default every step */
  maxSteps?: number;
  /** Apply only these steps (ids from a dry run's plan), e.g. the ones a reviewer accepted. */
  only?: string[];
  /** Archive policies applied as ARCHIVE steps. @default the Memory's `lifecycle.archive` */
  archive?: ArchivePolicy[];
  /** Who is recorded in history. @default "consolidation" */
  actor?: string;
  /** Told after each applied chunk with the report so far. */
  onProgress?: (report: ConsolidationReport) => void;
  /** Stops the run between chunks; the report's `cursor` says where. */
  signal?: AbortSignal;
}

/** The kinds of consolidation step, in the order they are planned and applied. */
export const consolidationOps = ["SUPERSEDE", "MERGE", "SUMMARIZE", "EXPIRE", "ARCHIVE"] as const;

/** A kind of consolidation step. */
export type ConsolidationOp = (typeof consolidationOps)[number];

/** One planned change of a consolidation run. */
export interface ConsolidationStep {
  /** Stable id of the step (the same data and clock give the same id), for `only` and `cursor`. */
  id: string;
  /** What it does. */
  op: ConsolidationOp;
  /** The memories it retires, merges, condenses, expires or archives. */
  memoryIds: string[];
  /** MERGE: the memory kept; SUPERSEDE: the memory that replaces; SUMMARIZE: the summary, once written. */
  targetId?: string;
  /** MERGE: the kept text; SUMMARIZE: the summary text. */
  memory?: string;
  /** EXPIRE: the expiry set (ISO 8601). */
  expiresAt?: string;
  /** Why, in words. */
  reason: string;
  /** Who decided: the rules or the model. */
  by: "rules" | "model";
  /** What became of it: planned (dry run or not reached), applied, refused by a write guard, or conflict. */
  status: "planned" | "applied" | "refused" | "conflict";
}

/** Model use of a consolidation run. */
export interface ConsolidationModelUse {
  /** Model calls made. */
  calls: number;
  /** Prompt size of all calls, in tokens (counted with the context builder's tokenizer). */
  promptTokens: number;
  /** Largest single prompt, in tokens. */
  maxPromptTokens: number;
  /** Answers that could not be used (the rules decided those clusters instead). */
  failures: number;
}

/** What a consolidation run planned and did. */
export interface ConsolidationReport {
  /** Every step planned, with its status. */
  steps: ConsolidationStep[];
  /** How many steps were applied. */
  applied: number;
  /** How many a write guard refused. */
  refused: number;
  /** How many were skipped because a memory changed meanwhile (the next run plans them again if still due). */
  conflicts: number;
  /** Pairs that look alike but that the rules would not merge on their own (a model judges them when configured). */
  borderline: number;
  /** Model use (zero without a model). */
  model: ConsolidationModelUse;
  /** True when nothing was changed because of `dryRun`. */
  dryRun: boolean;
  /** False when the run stopped early (`maxSteps`, `signal`): pass `cursor` to resume. */
  done: boolean;
  /** Where to resume, when not done. */
  cursor?: string;
}

/** A consolidation policy with its defaults filled in. */
export interface ResolvedConsolidationPolicy {
  /** Merge near-duplicates. */
  merge: boolean;
  /** Retire contradicted memories. */
  supersede: boolean;
  /** Summaries of old memories, with durations in ms, or false. */
  summarize:
    | {
        olderThanMs: number;
        period: "day" | "week" | "month";
        minMemories: number;
        types: MemoryType[];
        maxChars: number;
      }
    | false;
  /** Apply TTL policies to older memories. */
  expire: boolean;
  /** Use the model (undefined: when one is configured). */
  useModel: boolean | undefined;
  /** Most model calls per run. */
  maxModelCalls: number;
}

/** The keys of a `ConsolidationPolicy` (a `consolidate()` call may override each). */
export const policyKeys = ["merge", "supersede", "summarize", "expire", "useModel", "maxModelCalls"] as const;

function checkBoolean(value: unknown, argument: string): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new InvalidArgumentError({ argument, message: "expected true or false." });
}

function checkCount(value: unknown, argument: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum)
    throw new InvalidArgumentError({ argument, message: `expected a whole number ≥ ${minimum}.` });
  return value;
}

/** Checks a consolidation policy; `base` supplies what it leaves out. */
export function resolveConsolidationPolicy(
  value: unknown,
  argument: string,
  base?: ResolvedConsolidationPolicy,
): ResolvedConsolidationPolicy {
  const policy = (value ?? {}) as ConsolidationPolicy;
  if (typeof policy !== "object" || policy === null || Array.isArray(policy))
    throw new InvalidArgumentError({
      argument,
      message: "expected { merge?, supersede?, summarize?, expire?, useModel?, maxModelCalls? } or false.",
    });
  checkKnownKeys(policy, policyKeys, argument);
  const summarize = policy.summarize;
  let resolvedSummary: ResolvedConsolidationPolicy["summarize"];
  if (summarize === false) resolvedSummary = false;
  else if (summarize === undefined)
    resolvedSummary = base ? base.summarize : resolveSummaryPolicy({}, `${argument}.summarize`);
  else resolvedSummary = resolveSummaryPolicy(summarize, `${argument}.summarize`);
  return {
    merge: checkBoolean(policy.merge, `${argument}.merge`) ?? base?.merge ?? true,
    supersede: checkBoolean(policy.supersede, `${argument}.supersede`) ?? base?.supersede ?? true,
    summarize: resolvedSummary,
    expire: checkBoolean(policy.expire, `${argument}.expire`) ?? base?.expire ?? true,
    useModel: checkBoolean(policy.useModel, `${argument}.useModel`) ?? base?.useModel,
    maxModelCalls:
      checkCount(policy.maxModelCalls, `${argument}.maxModelCalls`, 0) ?? base?.maxModelCalls ?? 20,
  };
}

function resolveSummaryPolicy(value: unknown, argument: string): ResolvedConsolidationPolicy["summarize"] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidArgumentError({
      argument,
      message:
        'expected { olderThan?: "30d", period?: "month", minMemories?: 2, types?, maxChars? } or false.',
    });
  checkKnownKeys(value, ["olderThan", "period", "minMemories", "types", "maxChars"], argument);
  const policy = value as SummarizePolicy;
  if (policy.period !== undefined && !["day", "week", "month"].includes(policy.period))
    throw new InvalidArgumentError({
      argument: `${argument}.period`,
      message: 'expected "day", "week" or "month".',
    });
  const types = policy.types ?? ["episode"];
  if (!Array.isArray(types) || !types.length || types.some((type) => typeof type !== "string" || !type))
    throw new InvalidArgumentError({
      argument: `${argument}.types`,
      message: "expected a non-empty list of memory types.",
    });
  if (typeof policy.maxChars === "number" && policy.maxChars > maxMemoryTextLength)
    throw new InvalidArgumentError({
      argument: `${argument}.maxChars`,
      message: `a summary is a memory: at most ${maxMemoryTextLength} characters.`,
    });
  return {
    olderThanMs: parseDuration(policy.olderThan ?? "30d", `${argument}.olderThan`),
    period: policy.period ?? "month",
    minMemories: checkCount(policy.minMemories, `${argument}.minMemories`, 2) ?? 2,
    types: [...types],
    maxChars: checkCount(policy.maxChars, `${argument}.maxChars`, 80) ?? 1000,
  };
}
