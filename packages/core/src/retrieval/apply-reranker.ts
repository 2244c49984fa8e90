import { z } from "zod";
import { ModelTimeoutError, RerankError } from "../errors/index.js";
import { withTimeout } from "../models/with-timeout.js";
import type { SearchCandidate } from "../store/memory-store.js";
import type { ScoreExplanation } from "../types.js";
import type { RerankCandidate, Reranker, RerankExplanation, RerankScore } from "./reranker.js";
import { defaultRetrievalOptions, type RetrievalOptions } from "./retrieval-options.js";

/** A scored candidate in fused order. */
export interface RankedCandidate {
  /** The store's candidate. */
  candidate: SearchCandidate;
  /** Its fused score and components. */
  explanation: ScoreExplanation;
}

/** What reranking needs besides the ranked candidates. */
export interface ApplyRerankerSettings {
  /** The reranker. */
  reranker: Reranker;
  /** The search query. */
  query: string;
  /** How many results the search keeps. */
  limit: number;
  /** The retrieval options in force (depth, timeout, error handling). */
  retrieval: RetrievalOptions;
}

const answerSchema = z.array(z.object({ id: z.string(), score: z.number().finite() }));

/** How many top fused candidates the reranker sees: `rerankDepth`, else min(3 × limit, 100), within maxCandidates. */
export function rerankDepth(reranker: Reranker, limit: number, retrieval: RetrievalOptions): number {
  const depth =
    retrieval.rerankDepth ??
    Math.min(limit * defaultRetrievalOptions.rerankDepthPerResult, defaultRetrievalOptions.maxRerankDepth);
  return Math.min(depth, reranker.maxCandidates ?? depth);
}

/** Why an answer is unusable, or undefined when it scores every candidate exactly once. */
function answerProblem(answer: unknown, candidates: RerankCandidate[]): string | undefined {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `the answer is not an array of { id, score } with finite scores (${issue.path.join(".") || "answer"}: ${issue.message})`;
  }
  const ids = new Set(candidates.map((candidate) => candidate.id));
  const seen = new Set<string>();
  for (const { id } of parsed.data) {
    if (!ids.has(id)) return `the answer scores an unknown id ${JSON.stringify(id)}`;
    if (seen.has(id)) return `the answer scores id ${JSON.stringify(id)} twice`;
    seen.add(id);
  }
  if (seen.size !== ids.size)
    return `the answer scores ${seen.size} of the ${ids.size} candidates; it must score every one`;
  return undefined;
}

async function callReranker(
  { reranker, query, limit, retrieval }: ApplyRerankerSettings,
  name: string,
  candidates: RerankCandidate[],
): Promise<RerankScore[]> {
  const answer = await withTimeout((signal) => reranker.rerank(query, candidates, { signal, limit }), {
    model: name,
    what: `rerank ${candidates.length} candidates`,
    timeoutMs: retrieval.rerankTimeoutMs ?? defaultRetrievalOptions.rerankTimeoutMs,
    advice: "Check the reranker's service, or raise retrieval.rerankTimeoutMs.",
  });
  const problem = answerProblem(answer, candidates);
  if (problem)
    throw new RerankError({
      reranker: name,
      message: `[rerank] reranker "${name}" answered with something unusable: ${problem}. Return one { id, score } per candidate.`,
    });
  return answer;
}

/** The failure as a RerankError (a timeout stays a ModelTimeoutError), for `onRerankError: "throw"`. */
function asRerankError(error: unknown, name: string): Error {
  if (ModelTimeoutError.isInstance(error) || RerankError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RerankError({
    reranker: name,
    message: `[rerank] reranker "${name}" failed: ${reason}. Fix the reranker, or set retrieval.onRerankError to "fallback" to search in fused order when it fails.`,
    cause: error,
  });
}

/**
 * Reranks the top fused candidates (after the floor, before the cut): the first `rerankDepth` are sorted by the
 * reranker's scores (fused order breaks ties), the rest keep their fused order after them. A failing reranker
 * either throws or leaves the fused order, with the reason in each item's `rerank.fallback`.
 */
export async function applyReranker<T extends RankedCandidate>(
  ranked: T[],
  settings: ApplyRerankerSettings,
): Promise<Array<T & { rerank: RerankExplanation }>> {
  const name = settings.reranker.name ?? "reranker";
  const depth = Math.min(rerankDepth(settings.reranker, settings.limit, settings.retrieval), ranked.length);
  if (depth === 0) return [];
  const head = ranked.slice(0, depth);
  const candidates: RerankCandidate[] = head.map(({ candidate, explanation }) => ({
    id: candidate.record.id,
    memory: candidate.record.memory,
    type: candidate.record.type,
    score: explanation.score,
  }));
  let scores: Map<string, number> | undefined;
  let fallback: string | undefined;
  try {
    scores = new Map((await callReranker(settings, name, candidates)).map(({ id, score }) => [id, score]));
  } catch (error) {
    if ((settings.retrieval.onRerankError ?? defaultRetrievalOptions.onRerankError) === "throw")
      throw asRerankError(error, name);
    fallback = (error instanceof Error ? error.message : String(error)).replace(
      /^\[engram\] (\[rerank\] )?/u,
      "",
    );
  }
  const order = ranked.map((entry, index) => ({ entry, rankBefore: index + 1 }));
  if (scores) {
    const reranked = order
      .slice(0, depth)
      .sort(
        (a, b) =>
          scores.get(b.entry.candidate.record.id)! - scores.get(a.entry.candidate.record.id)! ||
          a.rankBefore - b.rankBefore,
      );
    order.splice(0, depth, ...reranked);
  }
  return order.map(({ entry, rankBefore }, index) => {
    const score = scores?.get(entry.candidate.record.id);
    const rerank: RerankExplanation = {
      reranker: name,
      applied: scores !== undefined,
      ...(score !== undefined ? { score } : {}),
      fusedScore: entry.explanation.score,
      rankBefore,
      rankAfter: index + 1,
      depth,
      ...(fallback !== undefined ? { fallback } : {}),
    };
    return { ...entry, rerank };
  });
}
