import { type Embedder, InvalidArgumentError } from "@engram/core";
import type { CreateEmbeddingResponse } from "openai/resources/embeddings";
import { type OpenAIClientOptions, resolveClient } from "./client-options.js";
import { type FailureContext, providerError, unexpectedResponse } from "./provider-error.js";

/** Options of `createOpenAIEmbedder()`. */
export interface OpenAIEmbedderOptions extends OpenAIClientOptions {
  /** The embedding model. @default "text-embedding-3-small" */
  model?: string;
  /** Vector length; required for models other than OpenAI's, and sent to text-embedding-3 models to shorten vectors. */
  dimensions?: number;
  /** Most texts per request. @default 256 */
  maxBatchSize?: number;
}

const knownDimensions: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

function checkDimensions(model: string, dimensions: unknown): number {
  if (dimensions === undefined) {
    const known = knownDimensions[model];
    if (known) return known;
    throw new InvalidArgumentError({
      argument: "options.dimensions",
      message: `the vector length of "${model}" is not known; pass dimensions (e.g. 768 for nomic-embed-text, 1024 for mxbai-embed-large).`,
    });
  }
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new InvalidArgumentError({
      argument: "options.dimensions",
      message: `expected a whole number above 0, got ${JSON.stringify(dimensions)}.`,
    });
  }
  return dimensions;
}

function toVectors(
  response: CreateEmbeddingResponse,
  count: number,
  dimensions: number,
  failure: FailureContext,
): number[][] {
  const data = (response as Partial<CreateEmbeddingResponse> | undefined)?.data;
  if (!Array.isArray(data) || data.length !== count)
    throw unexpectedResponse(response, failure, `${count} embeddings`);
  const vectors = [...data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
  const wrong = vectors.find((vector) => !Array.isArray(vector) || vector.length !== dimensions);
  if (wrong) {
    throw new InvalidArgumentError({
      argument: "options.dimensions",
      message: `the embedder "${failure.model}" at ${failure.baseURL} returned vectors of length ${Array.isArray(wrong) ? wrong.length : "?"}, but dimensions is ${dimensions}. Set dimensions to the model's real vector length.`,
    });
  }
  return vectors;
}

/**
 * Creates an Engram embedder over OpenAI's embeddings API or any OpenAI-compatible server.
 * @example
 * const embedder = createOpenAIEmbedder({ model: "nomic-embed-text", dimensions: 768, baseURL: "http://localhost:11434/v1" });
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions = {}): Embedder {
  const model = options.model ?? "text-embedding-3-small";
  const dimensions = checkDimensions(model, options.dimensions);
  const resolved = resolveClient(options);
  const failure: FailureContext = { kind: "embedder", model, ...resolved };
  const sendDimensions = options.dimensions !== undefined && model.startsWith("text-embedding-3");
  return {
    specificationVersion: "v1",
    name: `openai:${model}`,
    dimensions,
    maxBatchSize: options.maxBatchSize ?? 256,
    async embed(texts: string[]): Promise<number[][]> {
      if (texts.length === 0) return [];
      let response: CreateEmbeddingResponse;
      try {
        response = await resolved.client.embeddings.create(
          { model, input: texts, encoding_format: "float", ...(sendDimensions ? { dimensions } : {}) },
          { timeout: resolved.timeout, maxRetries: resolved.maxRetries },
        );
      } catch (error) {
        throw providerError(error, failure);
      }
      return toVectors(response, texts.length, dimensions, failure);
    },
  };
}
