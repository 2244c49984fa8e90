import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError, ModelTimeoutError, RerankError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { MockChatModel } from "../models/mock-chat-model.js";
import type { RetrievalOptions } from "../retrieval/retrieval-options.js";
import type { RerankCandidate, Reranker, RerankScore } from "../retrieval/reranker.js";
import { createSqliteStore } from "../sqlite.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";

const alice = { userId: "alice" };
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-rerank-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const texts = [
  "Peanut butter on toast every morning",
  "Has a severe peanut allergy",
  "Grows peanut plants in the garden",
  "Bought peanut oil for the wok",
  "The peanut gallery at the theatre is noisy",
];

/** A reranker that records what it was given and answers with `answer` (by default: the fused order reversed). */
function recording(answer?: (candidates: RerankCandidate[]) => unknown, extra: Partial<Reranker> = {}) {
  const calls: Array<{ query: string; candidates: RerankCandidate[]; limit: number; signal: AbortSignal }> =
    [];
  const reranker: Reranker = {
    name: "test-reranker",
    ...extra,
    rerank(query, candidates, { signal, limit }) {
      calls.push({ query, candidates, limit, signal });
      return (answer?.(candidates) ??
        candidates.map(({ id }, index) => ({ id, score: index }))) as RerankScore[];
    },
  };
  return { reranker, calls };
}

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory", () => createInMemoryStore()],
  ["SQLite on disk", () => createSqliteStore({ path: path.join(folder, `${crypto.randomUUID()}.db`) })],
];

async function seeded(store: MemoryStore, retrieval?: RetrievalOptions) {
  const memory = new Memory({
    store,
    embedder: createHashingEmbedder(),
    ...(retrieval ? { retrieval } : {}),
  });
  for (const text of texts) await memory.add(text, alice);
  return memory;
}

describe.each(stores)("retrieval.reranker (%s store)", (_name, createStore) => {
  it("reorders the top fused candidates, and the cut to limit happens after it", async () => {
    const store = createStore();
    const plain = await seeded(store);
    const fused = (await plain.search("peanut", { ...alice, explain: true })).results;
    expect(fused).toHaveLength(5);
    const { reranker, calls } = recording();
    const memory = new Memory({ store, embedder: createHashingEmbedder(), retrieval: { reranker } });
    const { results } = await memory.search("peanut", { ...alice, limit: 2, explain: true });
    // The reranker saw all five (depth 3 × limit), so the two fused-last memories are the two returned.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.candidates.map((candidate) => candidate.id)).toEqual(fused.map((item) => item.id));
    expect(calls[0]!.limit).toBe(2);
    expect(results.map((item) => item.id)).toEqual([fused[4]!.id, fused[3]!.id]);
    expect(results[0]!.rerankScore).toBe(4);
    expect(results[0]!.score).toBeCloseTo(fused[4]!.score);
    expect(results[0]!.explanation!.rerank).toEqual({
      reranker: "test-reranker",
      applied: true,
      score: 4,
      fusedScore: results[0]!.score,
      rankBefore: 5,
      rankAfter: 1,
      depth: 5,
    });
    expect(results[1]!.explanation!.rerank).toMatchObject({ rankBefore: 4, rankAfter: 2 });
    store.close?.();
  });

  it("is skipped per call with rerank: false", async () => {
    const store = createStore();
    const { reranker, calls } = recording();
    const memory = await seeded(store, { reranker });
    const skipped = await memory.search("peanut", { ...alice, limit: 2, rerank: false, explain: true });
    expect(calls).toHaveLength(0);
    expect(skipped.results[0]!.explanation!.rerank).toBeUndefined();
    expect(skipped.results[0]!.rerankScore).toBeUndefined();
    const reranked = await memory.search("peanut", { ...alice, limit: 2 });
    expect(calls).toHaveLength(1);
    expect(reranked.results.map((item) => item.id)).not.toEqual(skipped.results.map((item) => item.id));
    store.close?.();
  });

  it("applies in buildContext() too", async () => {
    const store = createStore();
    const plain = await seeded(store);
    const fused = (await plain.search("peanut", alice)).results;
    const { reranker } = recording();
    const memory = new Memory({ store, embedder: createHashingEmbedder(), retrieval: { reranker } });
    // limit 1: the reranker sees the top 3 (3 × limit) and puts the third first.
    const context = await memory.buildContext("peanut", { ...alice, tokenBudget: 300, limit: 1 });
    expect(context.ids).toEqual([fused[2]!.id]);
    const unranked = await memory.buildContext("peanut", {
      ...alice,
      tokenBudget: 300,
      limit: 1,
      rerank: false,
    });
    expect(unranked.ids).toEqual([fused[0]!.id]);
    store.close?.();
  });
});

describe("reranking depth and the relevance floor", () => {
  it("leaves internal searches alone: an inferred add finds related memories without the reranker", async () => {
    const { reranker, calls } = recording();
    const llm = new MockChatModel();
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      llm,
      retrieval: { reranker, policies: { narrow: { limit: 1 } }, agentPolicies: { bot: "narrow" } },
    });
    for (const text of texts) await memory.add(text, { ...alice, agentId: "bot" });
    await memory.add("I am allergic to peanuts", { ...alice, agentId: "bot", infer: true });
    expect(calls).toHaveLength(0);
    // The model saw the related memories of a plain search (limit 10 by default), not the agent's policy of 1.
    expect(llm.calls[0]!.messages[1]!.content.match(/^\d+\. \[/gmu)).toHaveLength(5);
  });

  it("sends only candidates above the floor: the floor judges fused relevance, the reranker only reorders", async () => {
    const { reranker, calls } = recording();
    const memory = await seeded(createInMemoryStore(), { reranker });
    const all = (await memory.search("peanut allergy", { ...alice, rerank: false, explain: true })).results;
    const relevances = all.map((item) => item.explanation!.relevance).sort((a, b) => b - a);
    const floor = (relevances[0]! + relevances[1]!) / 2;
    const { results } = await memory.search("peanut allergy", {
      ...alice,
      minRelevance: floor,
      explain: true,
    });
    expect(calls.at(-1)!.candidates).toHaveLength(1);
    expect(results).toHaveLength(1);
    expect(results[0]!.explanation!.relevance).toBeGreaterThanOrEqual(floor);
    expect(results[0]!.explanation!.floor!.belowFloor).toBe(4);
  });

  it("caps the candidates at rerankDepth and at the reranker's maxCandidates; the rest keep fused order after them", async () => {
    const { reranker, calls } = recording(undefined, { maxCandidates: 2 });
    const memory = await seeded(createInMemoryStore(), { reranker });
    const fused = (await memory.search("peanut", { ...alice, rerank: false })).results.map((item) => item.id);
    const { results } = await memory.search("peanut", { ...alice, limit: 5, explain: true });
    expect(calls[0]!.candidates).toHaveLength(2);
    expect(results.map((item) => item.id)).toEqual([fused[1], fused[0], ...fused.slice(2)]);
    expect(results[2]!.explanation!.rerank).toMatchObject({
      applied: true,
      rankBefore: 3,
      rankAfter: 3,
      depth: 2,
    });
    expect(results[2]!.explanation!.rerank!.score).toBeUndefined();

    const deep = recording();
    const shallow = await seeded(createInMemoryStore(), { reranker: deep.reranker, rerankDepth: 3 });
    await shallow.search("peanut", { ...alice, limit: 5 });
    expect(deep.calls[0]!.candidates).toHaveLength(3);
  });

  it("is not called when nothing passed the floor", async () => {
    const { reranker, calls } = recording();
    const memory = await seeded(createInMemoryStore(), { reranker });
    const { results } = await memory.search("peanut", { ...alice, minRelevance: 1 });
    expect(results).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});

describe("a failing reranker", () => {
  const malformed: Array<[string, (candidates: RerankCandidate[]) => unknown, RegExp]> = [
    [
      "too few scores",
      (candidates) => [{ id: candidates[0]!.id, score: 1 }],
      /scores 1 of the 5 candidates/u,
    ],
    [
      "a NaN score",
      (candidates) => candidates.map(({ id }) => ({ id, score: Number.NaN })),
      /finite scores/u,
    ],
    [
      "an unknown id",
      (candidates) => candidates.map(({ id }, index) => ({ id: index ? id : "nope", score: index })),
      /unknown id "nope"/u,
    ],
    [
      "a repeated id",
      (candidates) =>
        candidates.map((_candidate, index) => ({ id: candidates[index ? index : 1]!.id, score: 1 })),
      /twice/u,
    ],
    ["not an array", () => ({ order: [] }), /not an array/u],
  ];

  it.each(malformed)(
    "falls back to the fused order on %s, and explain says why",
    async (_name, answer, reason) => {
      const { reranker } = recording(answer);
      const memory = await seeded(createInMemoryStore(), { reranker });
      const fused = (await memory.search("peanut", { ...alice, rerank: false })).results.map(
        (item) => item.id,
      );
      const { results } = await memory.search("peanut", { ...alice, explain: true });
      expect(results.map((item) => item.id)).toEqual(fused);
      const explanation = results[0]!.explanation!.rerank!;
      expect(explanation).toMatchObject({ applied: false, rankBefore: 1, rankAfter: 1 });
      expect(explanation.fallback).toMatch(reason);
      expect(results[0]!.rerankScore).toBeUndefined();
    },
  );

  it('throws a RerankError with onRerankError: "throw", for a malformed answer and for an error', async () => {
    const broken = recording(() => [{ id: "nope", score: 1 }]);
    const strict = await seeded(createInMemoryStore(), { reranker: broken.reranker, onRerankError: "throw" });
    await expect(strict.search("peanut", alice)).rejects.toSatisfy(
      (error) => RerankError.isInstance(error) && /unknown id "nope"/u.test(error.message),
    );
    const failing: Reranker = {
      rerank: () => {
        throw new Error("service unavailable");
      },
    };
    const memory = await seeded(createInMemoryStore(), { reranker: failing, onRerankError: "throw" });
    const error = await memory.search("peanut", alice).catch((caught: unknown) => caught);
    expect(RerankError.isInstance(error)).toBe(true);
    expect((error as RerankError).reranker).toBe("reranker");
    expect((error as Error).message).toMatch(/service unavailable.*onRerankError/u);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it("times out after rerankTimeoutMs: the signal aborts, then a fallback (or a ModelTimeoutError)", async () => {
    let signal: AbortSignal | undefined;
    const hanging: Reranker = {
      name: "slow",
      rerank: (_query, _candidates, options) => {
        signal = options.signal;
        return new Promise<RerankScore[]>(() => undefined);
      },
    };
    const memory = await seeded(createInMemoryStore(), { reranker: hanging, rerankTimeoutMs: 20 });
    const { results } = await memory.search("peanut", { ...alice, explain: true });
    expect(results).toHaveLength(5);
    expect(signal!.aborted).toBe(true);
    expect(results[0]!.explanation!.rerank!.fallback).toMatch(
      /"slow" did not rerank 5 candidates within 20 ms/u,
    );
    const strict = await seeded(createInMemoryStore(), {
      reranker: hanging,
      rerankTimeoutMs: 20,
      onRerankError: "throw",
    });
    await expect(strict.search("peanut", alice)).rejects.toSatisfy(ModelTimeoutError.isInstance);
  });
});

describe("reranker validation", () => {
  const open = (retrieval: unknown) =>
    new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: retrieval as never,
    });

  it("refuses malformed reranker settings at construction, naming the key", () => {
    expect(() => open({ reranker: { score: () => [] } })).toThrow(
      /retrieval\.reranker.*rerank\(query, candidates/u,
    );
    expect(() => open({ reranker: { rerank: () => [], maxCandidates: 0 } })).toThrow(
      /reranker\.maxCandidates/u,
    );
    expect(() => open({ rerankDepth: 0 })).toThrow(/rerankDepth.*1 to 200/u);
    expect(() => open({ rerankTimeoutMs: -1 })).toThrow(/rerankTimeoutMs/u);
    expect(() => open({ onRerankError: "ignore" })).toThrow(/onRerankError.*"fallback"/u);
    expect(() => open({ reranke: {} })).toThrow(/did you mean "reranker"/u);
  });

  it("refuses rerank: true when no reranker is configured, and a non-boolean rerank", async () => {
    const memory = await seeded(createInMemoryStore());
    await expect(memory.search("peanut", { ...alice, rerank: true })).rejects.toThrow(InvalidArgumentError);
    await expect(memory.search("peanut", { ...alice, rerank: true })).rejects.toThrow(
      /no reranker is configured/u,
    );
    await expect(memory.search("peanut", { ...alice, rerank: "yes" as never })).rejects.toThrow(
      /options\.rerank/u,
    );
    expect((await memory.search("peanut", { ...alice, rerank: false })).results).toHaveLength(5);
  });
});
