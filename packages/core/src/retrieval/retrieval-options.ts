import type { MemoryType } from "../types.js";

/** How search combines its signals into one score. */
export interface RetrievalOptions {
  /** Weight of vector similarity. @default 0.7 */
  vectorWeight?: number;
  /** Weight of keyword (BM25) relevance. @default 0.3 */
  keywordWeight?: number;
  /** BM25 value that maps to a keyword score of 0.5 (keyword = bm25 / (bm25 + saturation)). @default 2 */
  keywordSaturation?: number;
  /** Recency decay: newer memories score higher. Off unless a half-life is given. */
  recency?: {
    /** Age at which the recency factor is halfway between 1 and (1 - weight). */
    halfLifeDays: number;
    /** How much of the score recency may remove, in [0, 1]. @default 0.2 */
    weight?: number;
  };
  /** Multipliers per memory type, e.g. { preference: 1.2 }. Unlisted types weigh 1. */
  typeWeights?: Partial<Record<MemoryType, number>>;
  /** How many candidates to fetch per signal, as a multiple of the requested limit. @default 4 */
  candidateMultiplier?: number;
}

/** The retrieval defaults. */
export const defaultRetrievalOptions = {
  vectorWeight: 0.7,
  keywordWeight: 0.3,
  keywordSaturation: 2,
  candidateMultiplier: 4,
} as const;
