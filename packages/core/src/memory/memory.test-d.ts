import { describe, expectTypeOf, it } from "vitest";
import type { HistoryEntry, MemoryItem, ScoredMemoryItem } from "../types.js";
import type { Memory } from "./memory.js";
import type { BuildContextOptions } from "../context/build-context.js";
import type { Reranker, RerankScore } from "../retrieval/reranker.js";
import type { RetrievalOptions } from "../retrieval/retrieval-options.js";
import type { AddResult, GetAllResult, MemoryOptions, SearchOptions } from "./memory-options.js";

describe("Memory API types", () => {
  it("returns the documented shapes", () => {
    expectTypeOf<Memory["add"]>().returns.resolves.toEqualTypeOf<AddResult>();
    expectTypeOf<Awaited<ReturnType<Memory["search"]>>["results"]>().toEqualTypeOf<ScoredMemoryItem[]>();
    expectTypeOf<Memory["get"]>().returns.resolves.toEqualTypeOf<MemoryItem | null>();
    expectTypeOf<Memory["getAll"]>().returns.resolves.toEqualTypeOf<GetAllResult>();
    expectTypeOf<Memory["history"]>().returns.resolves.toEqualTypeOf<HistoryEntry[]>();
    expectTypeOf<AddResult["results"][number]["event"]>().toEqualTypeOf<
      "ADD" | "UPDATE" | "DELETE" | "NONE"
    >();
  });

  it("uses camelCase scope options everywhere", () => {
    expectTypeOf<SearchOptions>().toHaveProperty("userId");
    // @ts-expect-error snake_case scope keys are not options
    const options: SearchOptions = { user_id: "alice" };
    void options;
  });

  it("types the reranker hook and retrieval policies", () => {
    expectTypeOf<ReturnType<Reranker["rerank"]>>().toEqualTypeOf<RerankScore[] | Promise<RerankScore[]>>();
    expectTypeOf<MemoryOptions["retrieval"]>().toEqualTypeOf<RetrievalOptions | undefined>();
    expectTypeOf<SearchOptions["policy"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<BuildContextOptions["rerank"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ScoredMemoryItem["rerankScore"]>().toEqualTypeOf<number | undefined>();
    const retrieval: RetrievalOptions = {
      reranker: { rerank: (_query, candidates) => candidates.map(({ id }) => ({ id, score: 1 })) },
      policies: { planner: { limit: 5, types: ["task_state"], maxAgeDays: 7, rerank: false } },
      agentPolicies: { "planner-bot": "planner" },
    };
    // @ts-expect-error a reranker returns scores by id, not bare numbers
    const numbers: Reranker = { rerank: () => [0.5] };
    // @ts-expect-error policies cannot set options outside retrieval policies (accessDecay needs trackAccess)
    const accessPolicy: RetrievalOptions = { policies: { planner: { accessDecay: { halfLifeDays: 1 } } } };
    // @ts-expect-error onRerankError is "fallback" or "throw"
    const ignoring: RetrievalOptions = { onRerankError: "ignore" };
    // @ts-expect-error rerank is a boolean
    const yes: SearchOptions = { userId: "alice", rerank: "yes" };
    void [retrieval, numbers, accessPolicy, ignoring, yes];
  });
});
