import { EngramError } from "../errors/index.js";
import { readCache, type WordVectors } from "./wink-cache.js";

const fix =
  "Install @engram/wink-vectors (npm install @engram/wink-vectors), set ENGRAM_WINK_VECTORS to the path of its wink-sg-100d.bin (when a bundle leaves node_modules out, copy that file next to it), or pass an embedder: new Memory({ embedder }).";

/** Reads the shipped compact vectors, keeping the first `vocabularySize` rows (the most frequent words). */
export function loadWordVectors(options: {
  file?: string;
  cause?: unknown;
  vocabularySize: number;
}): WordVectors {
  if (!options.file) {
    throw new EngramError({
      message: `[wink] The offline embedder's word vectors (package @engram/wink-vectors) were not found. ${fix}`,
      cause: options.cause,
    });
  }
  let vectors: WordVectors | undefined;
  try {
    vectors = readCache(options.file);
  } catch (cause) {
    throw new EngramError({
      message: `[wink] The word vectors file ${options.file} could not be read (${(cause as Error).message}). ${fix}`,
      cause,
    });
  }
  if (!vectors) {
    throw new EngramError({
      message: `[wink] ${options.file} is not an Engram word vectors file (ENGRAM-WV1). ${fix}`,
    });
  }
  return truncate(vectors, options.vocabularySize);
}

function truncate(vectors: WordVectors, size: number): WordVectors {
  if (vectors.rows.size <= size) return vectors;
  const rows = new Map<string, number>();
  for (const [word, row] of vectors.rows) if (row < size) rows.set(word, row);
  return {
    dimensions: vectors.dimensions,
    rows,
    values: vectors.values.subarray(0, size * vectors.dimensions),
    scales: vectors.scales.subarray(0, size),
  };
}
