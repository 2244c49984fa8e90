import type { MemoryType } from "../types.js";
import type { RetrievalOptions } from "./retrieval-options.js";

/**
 * A named retrieval setup for one kind of caller (a planner, a support bot): how many memories, which types, how
 * far back, recency against similarity, the relevance floor and the reranker. Fields left out keep the Memory's
 * `retrieval` settings; per-call search options override the policy.
 */
export interface RetrievalPolicy
  extends Pick<
    RetrievalOptions,
    | "vectorWeight"
    | "keywordWeight"
    | "recency"
    | "typeWeights"
    | "importanceWeight"
    | "minRelevance"
    | "rerankDepth"
  > {
  /** How many results `search()` returns (and how many candidates `buildContext()` considers). @default 10 for search, 50 for buildContext */
  limit?: number;
  /** Only these memory types. @default every type */
  types?: MemoryType[];
  /** Only memories changed within this many days (by the time recency reads), a number above 0. @default no limit */
  maxAgeDays?: number;
  /** Rerank with `retrieval.reranker` (true needs one). @default true when a reranker is configured */
  rerank?: boolean;
}

/** The keys a retrieval policy may set. */
export const retrievalPolicyKeys = [
  "limit",
  "types",
  "maxAgeDays",
  "rerank",
  "vectorWeight",
  "keywordWeight",
  "recency",
  "typeWeights",
  "importanceWeight",
  "minRelevance",
  "rerankDepth",
] as const;

/** The settings a search ran with after policy and per-call options were combined. */
export interface EffectiveRetrievalSettings {
  /** How many results were asked for. */
  limit: number;
  /** The types searched (absent: every type). */
  types?: MemoryType[];
  /** The age limit in days (absent: none). */
  maxAgeDays?: number;
  /** The relevance floor. */
  minRelevance: number;
  /** Whether a reranker ran (or was meant to). */
  rerank: boolean;
  /** Vector weight. */
  vectorWeight: number;
  /** Keyword weight. */
  keywordWeight: number;
  /** Recency decay (absent: off). */
  recency?: { halfLifeDays: number; weight: number };
  /** Per-type multipliers (absent: none). */
  typeWeights?: Partial<Record<MemoryType, number>>;
  /** Importance weight. */
  importanceWeight: number;
}

/** What `explain: true` reports about the policy of a search (as `explanation.policy`). */
export interface PolicyExplanation {
  /** The policy's name, or null when none applied. */
  name: string | null;
  /** Why it applied: named in the call, the default of the scope's agent (`retrieval.agentPolicies`), or none. */
  source: "call" | "agent" | "none";
  /** The settings the search ran with: the Memory's retrieval options, then the policy, then the call's options. */
  settings: EffectiveRetrievalSettings;
}
