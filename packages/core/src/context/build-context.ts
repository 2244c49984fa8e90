import { describeValue } from "../validate/describe-value.js";
import { InvalidArgumentError } from "../errors/index.js";
import type { MemoryContext } from "../memory/memory-context.js";
import type { ScopeOptions } from "../memory/memory-options.js";
import { searchMemories } from "../memory/search-memories.js";
import type { MemoryFilter } from "../filters/index.js";
import type { RelevanceFloorOptions, RetrievalSelectionOptions } from "../retrieval/retrieval-options.js";
import type { MemoryState, MemoryType } from "../types.js";
import { loadTokenCounter } from "./count-tokens.js";
import { type FormattedContext, formatContext } from "./format-context.js";

/** Options of `memory.buildContext()`: a scope plus `BuildContextSettings`. */
export type BuildContextOptions = ScopeOptions & BuildContextSettings;

/** What `buildContext()` takes besides the scope. */
export interface BuildContextSettings extends RelevanceFloorOptions, RetrievalSelectionOptions {
  /** The most tokens the block may take (o200k_base tokens), fences and headings included. */
  tokenBudget: number;
  /** Only these memory types. */
  types?: MemoryType[];
  /** How many candidates to consider, most relevant first. @default the policy's limit, else 50 */
  limit?: number;
  /** Drop candidates scoring below this. @default 0 */
  threshold?: number;
  /** Only memories matching this filter on metadata and built-in fields. */
  filters?: MemoryFilter;
  /** Build the block from what was believed true at this time (ISO string or Date). @default now */
  asOf?: string | Date;
  /** Also consider memories in these states, e.g. `["archived"]` (active ones always are). */
  include?: Array<Exclude<MemoryState, "active">>;
}

/**
 * What the framework adapters inject by default: an 800-token block, and a relevance floor of 0.5, the median of
 * the floors chosen leave-one-conversation-out on LoCoMo with the default wink embedder (BENCHMARKS.md, "Relevance
 * floor"). The floor depends on the embedder: re-measure it (`pnpm floor:locomo`) for another one.
 */
export const defaultInjectionOptions = { tokenBudget: 800, minRelevance: 0.5 } as const;

/** The result of `buildContext()`: the block, the included ids and memories, and its size. */
export type BuildContextResult = FormattedContext;

/**
 * Implements `memory.buildContext()`: searches the scope's current memories for the query and renders the most
 * relevant ones that fit the token budget, grouped by type and fenced as data.
 */
export async function buildContext(
  context: MemoryContext,
  query: string,
  options: BuildContextOptions,
): Promise<BuildContextResult> {
  const budget = options?.tokenBudget;
  if (typeof budget !== "number" || !Number.isInteger(budget) || budget < 1) {
    throw new InvalidArgumentError({
      argument: "options.tokenBudget",
      message: `expected a whole number of tokens above 0, e.g. 500, got ${describeValue(budget)}.`,
    });
  }
  const {
    tokenBudget: _budget,
    limit,
    threshold,
    types,
    minRelevance,
    filters,
    asOf,
    include,
    policy,
    rerank,
    maxAgeDays,
    ...scope
  } = options;
  const { results } = await searchMemories(
    context,
    query,
    {
      ...(scope as ScopeOptions),
      ...(limit !== undefined ? { limit } : {}),
      ...(policy !== undefined ? { policy } : {}),
      ...(rerank !== undefined ? { rerank } : {}),
      ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(types !== undefined ? { types } : {}),
      ...(minRelevance !== undefined ? { minRelevance } : {}),
      ...(filters !== undefined ? { filters } : {}),
      ...(asOf !== undefined ? { asOf } : {}),
      ...(include !== undefined ? { include } : {}),
    },
    { policies: true, defaultLimit: 50 },
  );
  const memories = results.map(
    ({ score: _score, rerankScore: _rerankScore, explanation: _explanation, ...item }) => item,
  );
  return formatContext({ memories, tokenBudget: budget, countTokens: await loadTokenCounter() });
}
