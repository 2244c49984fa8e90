import { terms } from "../text/tokenize.js";
import type { Embedder } from "./embedder.js";

/** Options of the hashing embedder. */
export interface HashingEmbedderOptions {
  /** Vector length. @default 256 */
  dimensions?: number;
}

/** 32-bit FNV-1a hash. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Creates a deterministic feature-hashing embedder: each stemmed term (and each adjacent pair) adds ±1 to a
 * hashed slot. Texts sharing words get similar vectors; synonyms do not. Meant for tests and benchmarks.
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 256;
  return {
    specificationVersion: "v1",
    name: `hashing-${dimensions}`,
    dimensions,
    embed(texts) {
      return texts.map((text) => {
        const vector = new Float32Array(dimensions);
        const termList = terms(text);
        const features = [
          ...termList,
          ...termList.slice(1).map((term, index) => `${termList[index]}_${term}`),
        ];
        for (const feature of features) {
          const hash = fnv1a(feature);
          vector[hash % dimensions]! += (hash & 0x80000000) === 0 ? 1 : -1;
        }
        return vector;
      });
    },
  };
}
