import type { MemoryType } from "../types.js";
import type { Reranker } from "./reranker.js";
import type { RetrievalPolicy } from "./retrieval-policy.js";

/** How search combines its signals into one score. */
export interface RetrievalOptions {
  /** Weight of vector similarity, a finite number ≥ 0. @default 0.7 */
  vectorWeight?: number;
  /** Weight of keyword (BM25) relevance, a finite number ≥ 0. @default 0.3 */
  keywordWeight?: number;
  /** BM25 value that maps to a keyword score of 0.5 (keyword = bm25 / (bm25 + saturation)). @default 2 */
  keywordSaturation?: number;
  /** Recency decay: newer memories score higher. Off unless given. */
  recency?: {
    /** Age at which the recency factor is halfway between 1 and (1 - weight), in days above 0. */
    halfLifeDays: number;
    /** How much of the score recency may remove, in [0, 1]. @default 0.2 */
    weight?: number;
  };
  /**
   * Access-aware decay (needs `lifecycle.trackAccess`): the score is multiplied by a factor between `floor` and
   * `ceiling`: high for memories read recently and often, low for ones nobody has read for many half-lives (the
   * time since the last read, or since the last change if never read). Off unless given.
   */
  accessDecay?: {
    /** Time since the last read after which freshness has halved, in days above 0. */
    halfLifeDays: number;
    /** The factor of a memory nobody reads any more, in [0, 1]. @default 0.5 */
    floor?: number;
    /** The factor of a memory read often and just now, at least `floor` and at most 2. @default 1.2 */
    ceiling?: number;
  };
  /**
   * How much importance may weigh, in [0, 1]: the score is multiplied by 1 − w + w · importance, so a memory of
   * importance 0 loses at most w of its score and a strong match still surfaces. @default 0 (off)
   */
  importanceWeight?: number;
  /** Multipliers per memory type, e.g. { preference: 1.2 }, each finite and ≥ 0. Unlisted types weigh 1. */
  typeWeights?: Partial<Record<MemoryType, number>>;
  /** How many candidates to fetch per signal, as a multiple of the requested limit (a whole number, 1 to 50). @default 4 */
  candidateMultiplier?: number;
  /**
   * The relevance floor: candidates whose relevance (the weighted vector and keyword relevance, before recency
   * and type weighting) is below it are dropped, so unrelated memories do not pad results. In [0, 1]; it depends
   * on the embedder (see BENCHMARKS.md, "Relevance floor"). `search()` and `buildContext()` accept it per call.
   * @default 0 (no floor)
   */
  minRelevance?: number;
  /**
   * Reorders the top fused candidates after fusion and before the cut to `limit` (a cross-encoder, a rerank API,
   * `createLlmReranker()`); only candidates above the relevance floor reach it. Off unless given; a search can
   * skip it with `rerank: false`.
   */
  reranker?: Reranker;
  /** How many of the top fused candidates the reranker sees, a whole number from 1 to 200. @default min(3 × limit, 100), capped by the reranker's maxCandidates */
  rerankDepth?: number;
  /** How long one reranker call may take, in ms; then its signal aborts and the search falls back (or throws). @default 10000 */
  rerankTimeoutMs?: number;
  /**
   * What a failing reranker (an error, a timeout, a malformed answer) does to the search: "fallback" returns the
   * fused order and says why in `explanation.rerank.fallback`; "throw" fails the search with a RerankError (or the
   * ModelTimeoutError). @default "fallback"
   */
  onRerankError?: "fallback" | "throw";
  /** Named retrieval policies, e.g. `{ planner: { limit: 20, types: ["task_state"] } }`, chosen with `policy` per call. */
  policies?: Record<string, RetrievalPolicy>;
  /** The default policy of a scope's agent, by agent id, e.g. `{ "support-bot": "support" }`. A call's `policy` wins. */
  agentPolicies?: Record<string, string>;
}

/** The per-call relevance floor accepted by `search()` and `buildContext()`. */
export interface RelevanceFloorOptions {
  /** Drop candidates whose relevance (before recency and type weighting) is below this, in [0, 1]. @default the Memory's `retrieval.minRelevance`, else 0 */
  minRelevance?: number;
}

/** The per-call choice of policy and reranking accepted by `search()` and `buildContext()`. */
export interface RetrievalSelectionOptions {
  /** The retrieval policy to use (a key of `retrieval.policies`). @default the scope agent's in `retrieval.agentPolicies`, else none */
  policy?: string;
  /** Rerank with `retrieval.reranker` (false skips it for this call; true needs one). @default the policy's `rerank`, else true when a reranker is configured */
  rerank?: boolean;
  /** Only memories changed within this many days, a number above 0. @default the policy's `maxAgeDays`, else no limit */
  maxAgeDays?: number;
}

/** What `explain: true` reports about the relevance floor of a search (as `explanation.floor`). */
export interface RelevanceFloorExplanation {
  /** The floor applied to this search (0: none). */
  minRelevance: number;
  /** How many candidates of this search the floor left out. */
  belowFloor: number;
}

/** The retrieval defaults. */
export const defaultRetrievalOptions = {
  vectorWeight: 0.7,
  keywordWeight: 0.3,
  keywordSaturation: 2,
  candidateMultiplier: 4,
  minRelevance: 0,
  rerankTimeoutMs: 10_000,
  maxRerankDepth: 100,
  rerankDepthPerResult: 3,
  onRerankError: "fallback",
} as const;
