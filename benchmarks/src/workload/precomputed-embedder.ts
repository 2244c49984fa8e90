import type { Embedder } from "@engram/core";
import { createRandom } from "./random.js";

/** Options of the precomputed embedder. */
export interface PrecomputedEmbedderOptions {
  /** Vector length. */
  dimensions: number;
  /** Known texts and their vectors. */
  vectors?: ReadonlyMap<string, Float32Array>;
}

/** Deterministic unit vector for a text no one precomputed (FNV-1a hash of the text seeds the generator). */
export function fallbackVector(text: string, dimensions: number): Float32Array {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  const random = createRandom(hash >>> 0);
  const vector = Float32Array.from({ length: dimensions }, () => random.gaussian());
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return vector.map((value) => value / norm);
}

/**
 * An embedder that returns precomputed vectors (a map lookup), so benchmarks measure the memory layer and not
 * the embedding model. Unknown texts get a deterministic hashed vector.
 */
export function createPrecomputedEmbedder(
  options: PrecomputedEmbedderOptions,
): Embedder & { vectorFor(text: string): Float32Array } {
  const { dimensions } = options;
  const known = options.vectors ?? new Map<string, Float32Array>();
  const vectorFor = (text: string) => known.get(text) ?? fallbackVector(text, dimensions);
  return {
    specificationVersion: "v1",
    name: `bench-precomputed-${dimensions}`,
    dimensions,
    maxBatchSize: 4096,
    embed: (texts: string[]) => texts.map(vectorFor),
    vectorFor,
  };
}

/** The text-to-vector map of a workload's memories and queries. */
export function vectorsOf(
  items: ReadonlyArray<{ text: string; vector: Float32Array }>,
): Map<string, Float32Array> {
  return new Map(items.map((item) => [item.text, item.vector]));
}
