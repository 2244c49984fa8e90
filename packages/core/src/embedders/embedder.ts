import type { MaybePromise } from "../types.js";

/** Turns texts into vectors. Vectors need not be normalised; Engram normalises them. */
export interface Embedder {
  /** Contract version. */
  readonly specificationVersion: "v1";
  /** Stable name recorded in the store, e.g. "openai:text-embedding-3-small". */
  readonly name: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
  /** Largest number of texts per `embed` call; Engram splits bigger batches. */
  readonly maxBatchSize?: number;
  /** Embeds each text; the result has one vector per input, in order. */
  embed(texts: string[]): MaybePromise<Array<Float32Array | number[]>>;
}
