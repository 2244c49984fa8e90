import { describeValue } from "../validate/describe-value.js";
import { embedOptions, embedTexts } from "../embedders/embed-texts.js";
import { InvalidArgumentError } from "../errors/index.js";
import { type MemoryFilter, validateFilter } from "../filters/index.js";
import { checkRetrievalOptions } from "../retrieval/check-retrieval-options.js";
import {
  defaultRetrievalOptions,
  type RelevanceFloorExplanation,
  type RelevanceFloorOptions,
  type RetrievalOptions,
} from "../retrieval/retrieval-options.js";
import { scoreCandidate } from "../retrieval/score-candidate.js";
import { applyReranker, type RankedCandidate, rerankDepth } from "../retrieval/apply-reranker.js";
import { maxAgeFilter } from "../retrieval/memory-time.js";
import type { RerankExplanation } from "../retrieval/reranker.js";
import { resolveSearchPlan, type SearchPlan } from "../retrieval/resolve-search-plan.js";
import { requireScope } from "../scope.js";
import type { SearchCandidate } from "../store/memory-store.js";
import { queryTerms } from "../text/tokenize.js";
import { checkDate } from "../validate/check-date.js";
import { checkInclude, inSelection } from "./state-selection.js";
import type { MemoryType, ScoreExplanation, ScoredMemoryItem } from "../types.js";
import { checkType } from "./add-memories.js";
import type { MemoryContext } from "./memory-context.js";
import type { SearchOptions, SearchResult } from "./memory-options.js";
import { toItem } from "./to-item.js";

/** The longest search (or `buildContext`) query accepted, in UTF-16 code units. */
export const maxQueryLength = 32_768;

/**
 * A text cut to a query: its last `maxQueryLength` characters (where a pasted document's question usually is),
 * well-formed. For adapters that search with a whole user message; explicit queries are refused when too long.
 */
export function queryTail(text: string): string {
  return text.length > maxQueryLength ? text.slice(-maxQueryLength).toWellFormed() : text;
}

/** Checks a positive integer option. */
export function checkLimit(value: unknown, argument: string, fallback: number, max = 10_000): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number from 1 to ${max}, got ${describeValue(value)}.`,
    });
  }
  return value;
}

/** Checks an `asOf` (or `since`) option and returns it as an ISO string; see `checkDate` for the accepted range. */
export function checkAsOf(value: unknown, argument = "options.asOf"): string | undefined {
  return value === undefined ? undefined : checkDate(value, argument);
}

/** Combines the caller's filters with a type restriction. */
export function combineFilters(filters: unknown, types: unknown): MemoryFilter | undefined {
  const parts: MemoryFilter[] = [];
  if (filters !== undefined) parts.push(validateFilter(filters));
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0) {
      throw new InvalidArgumentError({
        argument: "options.types",
        message: "expected a non-empty array of memory types.",
      });
    }
    const checked: MemoryType[] = types.map((type, index) => checkType(type, `options.types[${index}]`)!);
    parts.push({ type: { $in: checked } });
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { $and: parts };
}

const checkedRetrieval = new WeakSet<object>();

/** The Memory's retrieval options, validated once per options object (the constructor may have done it already). */
function retrievalOf(context: MemoryContext): RetrievalOptions {
  const { retrieval } = context;
  if (!checkedRetrieval.has(retrieval)) {
    checkRetrievalOptions(retrieval);
    checkedRetrieval.add(retrieval);
  }
  return retrieval;
}

/** How a caller of `searchMemories` wants it to run. */
export interface SearchMode {
  /**
   * Apply retrieval policies (named in the call or by the scope's agent) and the reranker: true for `search()` and
   * `buildContext()`; internal searches (an inferred add's related memories) keep the plain fused order.
   * @default false
   */
  policies?: boolean;
  /** The limit when neither the call nor the policy gives one. @default 10 */
  defaultLimit?: number;
}

/** The options `searchMemories` reads. */
export type SearchMemoriesOptions = SearchOptions & RelevanceFloorOptions;

function checkQuery(query: unknown): asserts query is string {
  if (typeof query !== "string" || !query.trim()) {
    throw new InvalidArgumentError({
      argument: "query",
      message: "expected a non-empty string to search for.",
    });
  }
  if (query.length > maxQueryLength) {
    throw new InvalidArgumentError({
      argument: "query",
      message: `a query is at most ${maxQueryLength} characters, got ${query.length}; search with the part that matters (e.g. the latest message).`,
    });
  }
}

function checkThreshold(value: unknown): number {
  const threshold = value ?? 0;
  if (typeof threshold !== "number" || Number.isNaN(threshold)) {
    throw new InvalidArgumentError({
      argument: "options.threshold",
      message: "expected a number, e.g. 0.3.",
    });
  }
  return threshold;
}

/** The combined filter: the caller's filters, the types and the age limit of the plan. */
function planFilter(
  options: SearchMemoriesOptions | undefined,
  plan: SearchPlan,
  now: Date,
): MemoryFilter | undefined {
  const filter = combineFilters(options?.filters, plan.types);
  if (plan.maxAgeDays === undefined) return filter;
  const age = maxAgeFilter(plan.maxAgeDays, now);
  return filter ? { $and: [filter, age] } : age;
}

/** Scores the store's candidates, drops those below the floor or the threshold, and sorts them best first. */
function fuseCandidates(
  candidates: SearchCandidate[],
  settings: { retrieval: RetrievalOptions; now: Date; minRelevance: number; threshold: number },
): { fused: RankedCandidate[]; floor: RelevanceFloorExplanation } {
  const { retrieval, now, minRelevance, threshold } = settings;
  const explained = candidates.map((candidate) => ({
    candidate,
    explanation: scoreCandidate(candidate, retrieval, now),
  }));
  // The floor judges relevance alone: recency and type weights rank memories, they cannot make one relevant.
  // It applies before reranking, so a reranker only ever reorders candidates that passed it.
  const aboveFloor = explained.filter(({ explanation }) => explanation.relevance >= minRelevance);
  const floor: RelevanceFloorExplanation = { minRelevance, belowFloor: explained.length - aboveFloor.length };
  const fused = aboveFloor
    .filter(({ explanation }) => explanation.score >= threshold && explanation.score > 0)
    .sort(
      (a, b) =>
        b.explanation.score - a.explanation.score || (a.candidate.record.id < b.candidate.record.id ? -1 : 1),
    );
  return { fused, floor };
}

/** Implements `memory.search()`: hybrid candidates from the store, scored, reranked and explained in core. */
export async function searchMemories(
  context: MemoryContext,
  query: unknown,
  options: SearchMemoriesOptions | undefined,
  mode: SearchMode = {},
): Promise<SearchResult> {
  const scope = requireScope(options, "search");
  checkQuery(query);
  const callLimit =
    options?.limit === undefined ? undefined : checkLimit(options.limit, "options.limit", 10, 1000);
  const threshold = checkThreshold(options?.threshold);
  const base = retrievalOf(context);
  const input = {
    limit: callLimit,
    types: options?.types,
    minRelevance: options?.minRelevance,
    ...(scope.agentId !== undefined ? { agentId: scope.agentId } : {}),
  };
  const plan = mode.policies
    ? resolveSearchPlan(
        base,
        { ...input, policy: options?.policy, rerank: options?.rerank, maxAgeDays: options?.maxAgeDays },
        mode.defaultLimit ?? 10,
      )
    : resolveSearchPlan(
        { ...base, policies: {}, agentPolicies: {} },
        { ...input, rerank: false },
        mode.defaultLimit ?? 10,
      );
  const { retrieval, limit, minRelevance, reranker } = plan;
  const now = context.now();
  const filter = planFilter(options, plan, now);
  const [vector] = await embedTexts(context.embedder, [query], embedOptions(context));
  const multiplier = retrieval.candidateMultiplier ?? defaultRetrievalOptions.candidateMultiplier;
  const at = checkAsOf(options?.asOf) ?? now.toISOString();
  const include = checkInclude(options?.include);
  const depth = reranker ? rerankDepth(reranker, limit, retrieval) : 0;
  const found = await context.store.search({
    scope,
    vector: vector!,
    terms: queryTerms(query),
    limit: Math.max(limit * multiplier, 20, depth),
    asOf: at,
    // With `include` the store searches every state and the chosen ones are kept here.
    ...(include ? { includeInvalid: true } : {}),
    ...(filter ? { filter } : {}),
  });
  const candidates = include ? found.filter(({ record }) => inSelection(record, include, at)) : found;
  const { fused, floor } = fuseCandidates(candidates, { retrieval, now, minRelevance, threshold });
  const ordered: Array<RankedCandidate & { rerank?: RerankExplanation }> = reranker
    ? await applyReranker(fused, { reranker, query, limit, retrieval })
    : fused;
  const results: ScoredMemoryItem[] = ordered.slice(0, limit).map(({ candidate, explanation, rerank }) => ({
    ...toItem(candidate.record, at),
    score: explanation.score,
    ...(rerank?.score !== undefined ? { rerankScore: rerank.score } : {}),
    ...(options?.explain
      ? {
          explanation: {
            ...explanation,
            floor,
            ...(rerank ? { rerank } : {}),
            ...(mode.policies ? { policy: plan.policy } : {}),
          } as ScoreExplanation,
        }
      : {}),
  }));
  return { results };
}
