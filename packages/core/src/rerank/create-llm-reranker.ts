import { RerankError } from "../errors/index.js";
import { ModelOutputProblem } from "../extraction/parse-model-output.js";
import type { ChatModel } from "../models/chat-model.js";
import { checkTimeout, withModelTimeout } from "../models/with-timeout.js";
import { checkWholeNumber } from "../retrieval/check-retrieval-policies.js";
import type { Reranker } from "../retrieval/reranker.js";
import { buildRerankPrompt } from "./build-rerank-prompt.js";
import { parseRerankAnswer } from "./parse-rerank-answer.js";

/** Options of `createLlmReranker()`. */
export interface LlmRerankerOptions {
  /** The chat model that judges relevance (any `ChatModel`, e.g. from `@engram/provider-openai`). */
  llm: ChatModel;
  /** The most candidates shown to the model in its one call per search, 1 to 100. @default 20 */
  maxCandidates?: number;
  /** How long the model call may take, in ms. @default 10000 */
  timeoutMs?: number;
}

/** The default `maxCandidates` of `createLlmReranker()`. */
export const defaultLlmRerankCandidates = 20;

/**
 * A reranker that asks the chat model to score the top candidates from 0 to 10 in ONE bounded call per search
 * (numbered memories fenced as data, a JSON answer validated with zod). An unusable answer raises a RerankError, so
 * the search falls back to the fused order (or fails, with `onRerankError: "throw"`).
 * @example
 * const memory = new Memory({ retrieval: { reranker: createLlmReranker({ llm }) } });
 */
export function createLlmReranker(options: LlmRerankerOptions): Reranker {
  const { llm } = options ?? {};
  if (typeof llm?.generate !== "function")
    throw new RerankError({
      reranker: "llm",
      message: "createLlmReranker needs { llm }: a ChatModel with a generate(request) method.",
    });
  checkWholeNumber(options.maxCandidates, "options.maxCandidates", 1, 100);
  const maxCandidates = options.maxCandidates ?? defaultLlmRerankCandidates;
  const model = withModelTimeout(llm, checkTimeout(options.timeoutMs, "options.timeoutMs", 10_000));
  const name = `llm:${llm.name}`;
  return {
    name,
    maxCandidates,
    async rerank(query, candidates, { signal }) {
      const shown = candidates.slice(0, maxCandidates);
      const result = await model.generate({ ...buildRerankPrompt(query, shown), abortSignal: signal });
      try {
        const scores = parseRerankAnswer(String(result?.text ?? ""), shown.length);
        // Candidates beyond maxCandidates (only when called directly: a search sends no more) rank last.
        const unseen = Math.min(...scores) - 1;
        return candidates.map((candidate, index) => ({ id: candidate.id, score: scores[index] ?? unseen }));
      } catch (error) {
        if (!(error instanceof ModelOutputProblem)) throw error;
        const cutOff = result.finishReason === "length" ? " (the answer was cut off at maxOutputTokens)" : "";
        throw new RerankError({
          reranker: name,
          message: `[rerank] the model's ranking could not be read: ${error.problem}${cutOff}. The answer began: ${JSON.stringify(String(result.text).slice(0, 200))}.`,
          cause: error,
        });
      }
    },
  };
}
