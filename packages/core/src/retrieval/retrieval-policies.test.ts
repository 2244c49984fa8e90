import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { createSqliteStore } from "../sqlite.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { MemoryType } from "../types.js";
import type { Reranker } from "./reranker.js";
import type { RetrievalOptions } from "./retrieval-options.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-policies-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const planner = { userId: "alice", agentId: "planner-bot" };
const support = { userId: "alice", agentId: "support-bot" };
const dayMs = 86_400_000;

/** A reranker that prefers shorter memories and counts its calls. */
function shortestFirst() {
  const calls: string[][] = [];
  const reranker: Reranker = {
    name: "shortest",
    rerank: (_query, candidates) => {
      calls.push(candidates.map((candidate) => candidate.memory));
      return candidates.map(({ id, memory }) => ({ id, score: -memory.length }));
    },
  };
  return { reranker, calls };
}

function retrievalWith(reranker: Reranker): RetrievalOptions {
  return {
    reranker,
    policies: {
      planner: { limit: 2, types: ["task_state"], recency: { halfLifeDays: 7, weight: 0.5 } },
      support: { limit: 3, types: ["preference", "fact"], maxAgeDays: 30, rerank: false, keywordWeight: 0.6 },
    },
    agentPolicies: { "planner-bot": "planner", "support-bot": "support" },
  };
}

const seeds: Array<[string, MemoryType, number]> = [
  ["Drafting the quarterly report due Friday", "task_state", 0],
  ["Reviewing the report outline with Sam", "task_state", 2],
  ["Report on the garden project is paused", "task_state", 40],
  ["Prefers the report as a short bullet list", "preference", 1],
  ["Prefers email over phone for report questions", "preference", 45],
  ["Works at the Porto office and writes the report", "fact", 3],
];

/** One Memory, two agents: each agent's memories are the same six, written at the given ages. */
async function twoAgents(store: MemoryStore) {
  const clock = { now: new Date("2026-03-01T00:00:00Z") };
  const { reranker, calls } = shortestFirst();
  const memory = new Memory({
    store,
    embedder: createHashingEmbedder(),
    retrieval: retrievalWith(reranker),
    _internal: { now: () => clock.now },
  });
  const start = clock.now.getTime();
  for (const [text, type, age] of [...seeds].sort((a, b) => b[2] - a[2])) {
    clock.now = new Date(start - age * dayMs);
    await memory.add(text, { ...planner, type });
    await memory.add(text, { ...support, type });
  }
  clock.now = new Date(start);
  return { memory, calls };
}

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory", () => createInMemoryStore()],
  ["SQLite on disk", () => createSqliteStore({ path: path.join(folder, `${crypto.randomUUID()}.db`) })],
];

describe.each(stores)("retrieval policies (%s store)", (_name, createStore) => {
  it("serves a planner and a support agent differently from one Memory, by their agent defaults", async () => {
    const store = createStore();
    const { memory, calls } = await twoAgents(store);
    const plans = await memory.search("report", { ...planner, explain: true });
    expect(plans.results).toHaveLength(2);
    expect(plans.results.every((item) => item.type === "task_state")).toBe(true);
    expect(calls).toHaveLength(1);
    expect(plans.results[0]!.explanation!.rerank?.applied).toBe(true);
    expect(plans.results[0]!.explanation!.policy).toEqual({
      name: "planner",
      source: "agent",
      settings: {
        limit: 2,
        types: ["task_state"],
        minRelevance: 0,
        rerank: true,
        vectorWeight: 0.7,
        keywordWeight: 0.3,
        recency: { halfLifeDays: 7, weight: 0.5 },
        importanceWeight: 0,
      },
    });

    const answers = await memory.search("report", { ...support, explain: true });
    expect(calls).toHaveLength(1);
    expect(answers.results.map((item) => item.memory).sort()).toEqual([
      "Prefers the report as a short bullet list",
      "Works at the Porto office and writes the report",
    ]);
    const explanation = answers.results[0]!.explanation!;
    expect(explanation.rerank).toBeUndefined();
    expect(explanation.policy).toMatchObject({
      name: "support",
      source: "agent",
      settings: { limit: 3, maxAgeDays: 30, rerank: false, keywordWeight: 0.6 },
    });
    expect(explanation.weights.keyword).toBeCloseTo(0.6 / 1.3);
    store.close?.();
  });

  it("lets the call's policy win over the agent default, and the call's options win over the policy", async () => {
    const store = createStore();
    const { memory, calls } = await twoAgents(store);
    const chosen = await memory.search("report", { ...support, policy: "planner", explain: true });
    expect(chosen.results.every((item) => item.type === "task_state")).toBe(true);
    expect(chosen.results[0]!.explanation!.policy).toMatchObject({ name: "planner", source: "call" });
    expect(calls).toHaveLength(1);

    const overridden = await memory.search("report", {
      ...planner,
      limit: 4,
      types: ["task_state", "preference"],
      rerank: false,
      maxAgeDays: 10,
      explain: true,
    });
    expect(calls).toHaveLength(1);
    expect(overridden.results.map((item) => item.memory).sort()).toEqual([
      "Drafting the quarterly report due Friday",
      "Prefers the report as a short bullet list",
      "Reviewing the report outline with Sam",
    ]);
    expect(overridden.results[0]!.explanation!.policy!.settings).toMatchObject({
      limit: 4,
      types: ["task_state", "preference"],
      maxAgeDays: 10,
      rerank: false,
    });
    store.close?.();
  });

  it("applies to buildContext(), by agent and by name", async () => {
    const store = createStore();
    const { memory } = await twoAgents(store);
    const block = await memory.buildContext("report", { ...planner, tokenBudget: 400 });
    expect(block.ids).toHaveLength(2);
    expect(block.memories.every((item) => item.type === "task_state")).toBe(true);
    const named = await memory.buildContext("report", { ...planner, tokenBudget: 400, policy: "support" });
    expect(named.memories.map((item) => item.type).sort()).toEqual(["fact", "preference"]);
    store.close?.();
  });
});

describe("policy resolution", () => {
  it("applies no policy to a scope without a mapped agent, and reports that in explain", async () => {
    const { reranker } = shortestFirst();
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: retrievalWith(reranker),
    });
    for (const [text, type] of seeds) await memory.add(text, { userId: "alice", type });
    const { results } = await memory.search("report", { userId: "alice", explain: true });
    expect(results).toHaveLength(6);
    expect(results[0]!.explanation!.policy).toMatchObject({
      name: null,
      source: "none",
      settings: { limit: 10 },
    });
  });

  it("refuses an unknown policy name per call, naming the known ones", async () => {
    const { reranker } = shortestFirst();
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: retrievalWith(reranker),
    });
    const error = await memory
      .search("report", { ...planner, policy: "planer" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("options.policy");
    expect((error as Error).message).toMatch(
      /"planer"; did you mean "planner"\? Known policies: planner, support\./u,
    );
    await expect(
      memory.buildContext("report", { ...planner, tokenBudget: 100, policy: "nobody" }),
    ).rejects.toThrow(/Known policies: planner, support/u);
    const bare = new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder() });
    await expect(bare.search("report", { ...planner, policy: "planner" })).rejects.toThrow(
      /No policies are defined/u,
    );
    await expect(bare.search("report", { ...planner, maxAgeDays: 0 })).rejects.toThrow(
      /options\.maxAgeDays/u,
    );
  });
});

describe("policy validation at construction", () => {
  const open = (retrieval: unknown) =>
    new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: retrieval as never,
    });

  it.each([
    [{ policies: { planner: { limt: 3 } } }, /policies\.planner\.limt.*did you mean "limit"/u],
    [{ policies: { planner: { limit: 0 } } }, /policies\.planner\.limit.*1 to 1000/u],
    [{ policies: { planner: { types: [] } } }, /policies\.planner\.types.*non-empty/u],
    [{ policies: { planner: { types: ["Task State"] } } }, /policies\.planner\.types\[0\]/u],
    [{ policies: { planner: { maxAgeDays: -1 } } }, /policies\.planner\.maxAgeDays/u],
    [{ policies: { planner: { rerank: true } } }, /policies\.planner\.rerank.*needs a reranker/u],
    [{ policies: { planner: { rerank: "no" } } }, /policies\.planner\.rerank.*true or false/u],
    [{ policies: { planner: { minRelevance: 2 } } }, /policies\.planner\.minRelevance/u],
    [{ policies: { planner: { recency: { halfLife: 3 } } } }, /policies\.planner\.recency\.halfLife/u],
    [
      { keywordWeight: 0, policies: { planner: { vectorWeight: 0 } } },
      /policies\.planner\.vectorWeight.*both 0/u,
    ],
    [{ policies: [] }, /retrieval\.policies.*named policies/u],
    [{ policies: { planner: "fast" } }, /policies\.planner.*policy object/u],
    [
      { policies: { planner: {} }, agentPolicies: { bot: "planers" } },
      /agentPolicies\.bot.*did you mean "planner"/u,
    ],
    [{ agentPolicies: { bot: "planner" } }, /agentPolicies\.bot.*No policies are defined/u],
  ])("refuses %j", (retrieval, message) => {
    expect(() => open(retrieval)).toThrow(InvalidArgumentError);
    expect(() => open(retrieval)).toThrow(message);
  });

  it("accepts a policy that only narrows what the Memory's options leave open", () => {
    expect(() =>
      open({ keywordWeight: 0, policies: { planner: { keywordWeight: 1, vectorWeight: 0, limit: 5 } } }),
    ).not.toThrow();
  });
});
