import { EngramError, InvalidArgumentError } from "../errors/index.js";
import { defaultEmbedderTimeoutMs, withTimeout } from "../models/with-timeout.js";
import type { Embedder } from "./embedder.js";
import { normalize } from "./vector-math.js";

/** Options of `embedTexts()`. */
export interface EmbedTextsOptions {
  /** How long one `embed` call may take before it is abandoned (ModelTimeoutError), in ms. @default 30000 */
  timeoutMs?: number;
}

function badVector(embedder: Embedder, problem: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: "embedder",
    message: `embedder "${embedder.name}" ${problem}, so nothing was written or searched. Fix the embedder (or its model) so it returns ${embedder.dimensions} finite numbers per text.`,
  });
}

/**
 * Checks one vector an embedder returned: an array (or typed array) of exactly `dimensions` finite numbers that
 * stay finite as 32-bit floats; returns it unit-length. A zero vector (a text with no word the embedder knows)
 * is kept as zero: it matches by keywords only.
 */
export function checkVector(embedder: Embedder, vector: unknown, position: number): Float32Array {
  const isVector = Array.isArray(vector) || (ArrayBuffer.isView(vector) && !(vector instanceof DataView));
  if (!isVector) {
    const got = vector === null ? "null" : typeof vector;
    throw badVector(embedder, `returned ${got} instead of a vector for text ${position}`);
  }
  const values = vector as ArrayLike<unknown>;
  if (values.length !== embedder.dimensions) {
    throw badVector(
      embedder,
      `declares ${embedder.dimensions} dimensions but returned a vector of ${values.length} for text ${position} (fix its "dimensions" or the model's output size so they agree)`,
    );
  }
  const result = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== "number") {
      throw badVector(
        embedder,
        `returned a ${typeof value} at position ${index} of the vector for text ${position}`,
      );
    }
    result[index] = value;
    if (!Number.isFinite(result[index])) {
      throw badVector(
        embedder,
        `returned ${value} at position ${index} of the vector for text ${position}${Number.isFinite(value) ? " (too large for a 32-bit float)" : ""}`,
      );
    }
  }
  return normalize(result);
}

/**
 * Embeds texts in batches and checks every vector (count, dimension, finite values) before anything uses it;
 * returns unit-length vectors. Each `embed` call is abandoned after `timeoutMs` with a ModelTimeoutError.
 */
export async function embedTexts(
  embedder: Embedder,
  texts: string[],
  options: EmbedTextsOptions = {},
): Promise<Float32Array[]> {
  const batchSize = Math.max(1, embedder.maxBatchSize ?? 256);
  const timeoutMs = options.timeoutMs ?? defaultEmbedderTimeoutMs;
  const result: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    let vectors: unknown;
    try {
      vectors = await withTimeout(() => embedder.embed(batch), {
        model: embedder.name,
        what: `embed ${batch.length} text${batch.length === 1 ? "" : "s"}`,
        timeoutMs,
        advice: "Check that the embedding server is up, or raise embedderTimeoutMs.",
      });
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
    // Every vector of the call is checked before any is kept, so a bad one leaves nothing half-done.
    for (const [index, vector] of vectors.entries())
      result.push(checkVector(embedder, vector, start + index));
  }
  return result;
}

/** The `embedTexts` options of a Memory: its embedder timeout. */
export function embedOptions(context: { embedderTimeoutMs?: number }): EmbedTextsOptions {
  return context.embedderTimeoutMs === undefined ? {} : { timeoutMs: context.embedderTimeoutMs };
}
