import { z } from "zod";
import { InvalidArgumentError, RerankError } from "../errors/index.js";
import type { Reranker } from "../retrieval/reranker.js";

/** Options of `createHttpReranker()`. */
export interface HttpRerankerOptions {
  /** The rerank endpoint, e.g. "http://127.0.0.1:8080/rerank" (TEI) or "https://api.cohere.com/v2/rerank". */
  url: string;
  /**
   * The wire format: "cohere" sends `{ model, query, documents }` and reads `{ results: [{ index, relevance_score }] }`
   * (Cohere, Jina, Voyage, vLLM, Infinity); "tei" sends `{ query, texts }` and reads `[{ index, score }]` (Hugging
   * Face text-embeddings-inference). @default "cohere"
   */
  api?: "cohere" | "tei";
  /** The model name sent with "cohere" requests. */
  model?: string;
  /** Extra request headers, e.g. `{ authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** The most candidates per request. @default 100 */
  maxCandidates?: number;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

const indexScore = z.object({ index: z.number().int().nonnegative(), score: z.number().finite() });
const cohereAnswer = z.object({
  results: z.array(
    z
      .object({ index: z.number().int().nonnegative(), relevance_score: z.number().finite() })
      .transform(({ index, relevance_score }) => ({ index, score: relevance_score })),
  ),
});

/**
 * A reranker that calls a cross-encoder service's `/rerank` endpoint with fetch: one POST per search with the query
 * and the candidate texts; the answer's scores (by candidate index) order the results.
 * @example
 * const reranker = createHttpReranker({ url: "http://127.0.0.1:8080/rerank", api: "tei" });
 */
export function createHttpReranker(options: HttpRerankerOptions): Reranker {
  let url: URL;
  try {
    url = new URL(options?.url);
  } catch {
    throw new InvalidArgumentError({
      argument: "options.url",
      message: `expected an absolute http(s) URL such as "http://127.0.0.1:8080/rerank", got ${JSON.stringify(options?.url)}.`,
    });
  }
  const api = options.api ?? "cohere";
  const fetcher = options.fetch ?? globalThis.fetch;
  const name = `http:${url.host}`;
  const fail = (message: string, cause?: unknown): never => {
    throw new RerankError({ reranker: name, message: `[rerank] ${url.href}: ${message}`, cause });
  };
  return {
    name,
    maxCandidates: options.maxCandidates ?? 100,
    async rerank(query, candidates, { signal }) {
      const texts = candidates.map((candidate) => candidate.memory);
      const body =
        api === "tei"
          ? { query, texts }
          : { ...(options.model ? { model: options.model } : {}), query, documents: texts };
      const response = await fetcher(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify(body),
        signal,
      });
      if (!response.ok) fail(`answered HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
      const json: unknown = await response
        .json()
        .catch((error: unknown) => fail("answered with something that is not JSON", error));
      const parsed = api === "tei" ? z.array(indexScore).safeParse(json) : cohereAnswer.safeParse(json);
      if (!parsed.success)
        return fail(
          `the answer does not have the ${api === "tei" ? "[{ index, score }]" : "{ results: [{ index, relevance_score }] }"} shape`,
        );
      const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.results;
      // By index; the search checks that every candidate got exactly one score.
      return entries.map(({ index, score }) => ({ id: candidates[index]?.id ?? `#${index}`, score }));
    },
  };
}
