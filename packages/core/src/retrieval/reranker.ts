import type { MaybePromise, MemoryType } from "../types.js";

/** One fused search candidate as a reranker sees it, best fused score first. */
export interface RerankCandidate {
  /** The memory's id; the reranker's answer refers to candidates by it. */
  id: string;
  /** The memory text (untrusted data: fence it when it goes into a prompt). */
  memory: string;
  /** The memory's type. */
  type: MemoryType;
  /** The fused score (relevance × recency × type, importance and access factors) the search ranked it by. */
  score: number;
}

/** What a reranker is told besides the query and the candidates. */
export interface RerankCallOptions {
  /** Aborts when the search gives up on the reranker (its `rerankTimeoutMs` passed); pass it to fetch or the model. */
  signal: AbortSignal;
  /** How many results the search will keep after reranking (the cut happens in core, not in the reranker). */
  limit: number;
}

/** The reranker's score of one candidate: higher is more relevant; any finite scale. */
export interface RerankScore {
  /** The candidate's id. */
  id: string;
  /** Its relevance to the query, a finite number; only the order of the scores matters to the search. */
  score: number;
}

/**
 * Reorders the top fused candidates of a search (a cross-encoder, a hosted rerank API, an LLM), like a LangChain
 * document compressor or a LlamaIndex node postprocessor. It scores every candidate it is given, exactly once and by
 * id (in any order); core sorts by those scores, keeps fused order for ties, and then cuts to the limit.
 * @example
 * const reranker: Reranker = {
 *   name: "length",
 *   rerank: (query, candidates) => candidates.map(({ id, memory }) => ({ id, score: -memory.length })),
 * };
 */
export interface Reranker {
  /** Name used in explanations and errors, e.g. "llm:gpt-4o-mini". @default "reranker" */
  readonly name?: string;
  /** The most candidates it accepts per call; the search sends no more than this. */
  readonly maxCandidates?: number;
  /** Scores the candidates for the query: one `{ id, score }` per candidate. */
  rerank(
    query: string,
    candidates: RerankCandidate[],
    options: RerankCallOptions,
  ): MaybePromise<RerankScore[]>;
}

/** What `explain: true` reports about reranking for one result (as `explanation.rerank`). */
export interface RerankExplanation {
  /** The reranker's name. */
  reranker: string;
  /** True when the reranker's order was used; false when the search fell back to the fused order. */
  applied: boolean;
  /** The reranker's score of this memory (absent when it was not reranked). */
  score?: number;
  /** The fused score the search ranked it by before reranking. */
  fusedScore: number;
  /** Its rank (1 = first) in the fused order. */
  rankBefore: number;
  /** Its rank (1 = first) in the returned order. */
  rankAfter: number;
  /** How many fused candidates the reranker was given. */
  depth: number;
  /** Why the search fell back to the fused order (an error, a timeout or a malformed answer). */
  fallback?: string;
}
