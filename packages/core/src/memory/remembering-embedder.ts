import type { Embedder } from "../embedders/embedder.js";

/**
 * The embedder with a memory of the vectors it returned, for the duration of one add: the near-duplicate check
 * embeds the new texts, and the write then reuses those vectors instead of embedding the same texts again.
 */
export function rememberingEmbedder(embedder: Embedder): Embedder {
  const known = new Map<string, Float32Array | number[]>();
  return {
    specificationVersion: "v1",
    name: embedder.name,
    dimensions: embedder.dimensions,
    ...(embedder.maxBatchSize !== undefined ? { maxBatchSize: embedder.maxBatchSize } : {}),
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !known.has(text)))];
      if (missing.length) {
        const vectors = await embedder.embed(missing);
        // A wrong count is left for embedTexts to report, with the embedder's name.
        if (vectors.length !== missing.length) return vectors;
        for (const [index, text] of missing.entries()) known.set(text, vectors[index]!);
      }
      return texts.map((text) => known.get(text)!);
    },
  };
}
