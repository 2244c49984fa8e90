import { EngramError, InvalidArgumentError } from "../errors/index.js";
import type { Embedder } from "./embedder.js";
import { normalize } from "./vector-math.js";

/** Embeds texts in batches and checks every vector's dimension; returns unit-length vectors. */
export async function embedTexts(embedder: Embedder, texts: string[]): Promise<Float32Array[]> {
  const batchSize = Math.max(1, embedder.maxBatchSize ?? 256);
  const result: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    let vectors: Array<Float32Array | number[]>;
    try {
      vectors = await embedder.embed(batch);
    } catch (cause) {
      if (EngramError.isInstance(cause)) throw cause;
      throw new EngramError({
        message: `Embedder "${embedder.name}" failed: ${(cause as Error)?.message ?? String(cause)}. Check the embedder's configuration (model name, server address, API key).`,
        cause,
      });
    }
    if (!Array.isArray(vectors) || vectors.length !== batch.length) {
      throw new EngramError({
        message: `Embedder "${embedder.name}" returned ${Array.isArray(vectors) ? vectors.length : "no"} vectors for ${batch.length} texts. An embedder must return one vector per input.`,
      });
    }
    for (const vector of vectors) {
      if (vector.length !== embedder.dimensions) {
        throw new InvalidArgumentError({
          argument: "embedder",
          message: `embedder "${embedder.name}" declares ${embedder.dimensions} dimensions but returned a vector of ${vector.length}. Fix the embedder's "dimensions" (or the model's output size) so they agree.`,
        });
      }
      result.push(normalize(vector));
    }
  }
  return result;
}
