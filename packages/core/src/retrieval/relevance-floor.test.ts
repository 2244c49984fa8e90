import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import type { RetrievalOptions } from "./retrieval-options.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { RelevanceFloorExplanation, RelevanceFloorOptions } from "./retrieval-options.js";
import type { SearchOptions } from "../memory/memory-options.js";

const alice = { userId: "alice" };

/**
 * Search options with a per-call floor. `SearchOptions` gains `minRelevance` when memory-options.ts extends
 * `RelevanceFloorOptions`; until then a non-literal object passes it through.
 */
function floored(minRelevance: number, extra: Omit<SearchOptions, "userId"> = {}): SearchOptions {
  const options: SearchOptions & RelevanceFloorOptions = { ...alice, ...extra, minRelevance };
  return options;
}

async function seeded(retrieval?: RetrievalOptions) {
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder(),
    ...(retrieval ? { retrieval } : {}),
  });
  await memory.add("Has a severe peanut allergy", alice);
  await memory.add("Grows peanut plants in the garden", { ...alice, type: "preference" });
  return memory;
}

async function relevances(memory: Memory, query: string): Promise<Map<string, number>> {
  const { results } = await memory.search(query, { ...alice, explain: true });
  return new Map(results.map((item) => [item.memory, item.explanation!.relevance]));
}

describe("the relevance floor", () => {
  it("keeps everything by default: search's floor is 0", async () => {
    const memory = await seeded();
    expect((await memory.search("peanut", alice)).results).toHaveLength(2);
  });

  it("drops candidates whose relevance is below minRelevance, per call", async () => {
    const memory = await seeded();
    const scores = await relevances(memory, "what is my peanut allergy?");
    const related = scores.get("Has a severe peanut allergy")!;
    const unrelated = scores.get("Grows peanut plants in the garden")!;
    expect(related).toBeGreaterThan(unrelated);
    const floor = (related + unrelated) / 2;
    const { results } = await memory.search("what is my peanut allergy?", floored(floor));
    expect(results.map((item) => item.memory)).toEqual(["Has a severe peanut allergy"]);
    const context = await memory.buildContext("what is my peanut allergy?", {
      ...alice,
      tokenBudget: 300,
      minRelevance: floor,
    });
    expect(context.text).toContain("allergy");
    expect(context.text).not.toContain("garden");
  });

  it("takes the Memory's retrieval.minRelevance as the default, and a per-call value overrides it", async () => {
    const probe = await seeded();
    const scores = await relevances(probe, "what is my peanut allergy?");
    const floor =
      (scores.get("Has a severe peanut allergy")! + scores.get("Grows peanut plants in the garden")!) / 2;
    const memory = await seeded({ minRelevance: floor });
    expect((await memory.search("what is my peanut allergy?", alice)).results).toHaveLength(1);
    expect((await memory.search("what is my peanut allergy?", floored(0))).results).toHaveLength(2);
  });

  it("judges relevance before recency and type weights: a heavy type weight cannot lift a memory over it", async () => {
    const probe = await seeded();
    const scores = await relevances(probe, "what is my peanut allergy?");
    const floor =
      (scores.get("Has a severe peanut allergy")! + scores.get("Grows peanut plants in the garden")!) / 2;
    const memory = await seeded({ minRelevance: floor, typeWeights: { preference: 50 } });
    const { results } = await memory.search("what is my peanut allergy?", alice);
    expect(results.map((item) => item.memory)).toEqual(["Has a severe peanut allergy"]);
  });

  it("reports the floor and how many candidates it left out in explain", async () => {
    const memory = await seeded();
    const { results } = await memory.search("what is my peanut allergy?", floored(0.999, { explain: true }));
    expect(results).toEqual([]);
    const kept = await memory.search("what is my peanut allergy?", { ...alice, explain: true });
    const explanation = kept.results[0]!.explanation as unknown as { floor: RelevanceFloorExplanation };
    expect(explanation.floor).toEqual({ minRelevance: 0, belowFloor: 0 });
    const probe = await relevances(memory, "what is my peanut allergy?");
    const floor =
      (probe.get("Has a severe peanut allergy")! + probe.get("Grows peanut plants in the garden")!) / 2;
    const cut = await memory.search("what is my peanut allergy?", floored(floor, { explain: true }));
    expect((cut.results[0]!.explanation as unknown as { floor: RelevanceFloorExplanation }).floor).toEqual({
      minRelevance: floor,
      belowFloor: 1,
    });
  });

  it("refuses a per-call floor outside [0, 1]", async () => {
    const memory = await seeded();
    for (const minRelevance of [-0.5, 2, Number.NaN]) {
      await expect(memory.search("peanuts", floored(minRelevance))).rejects.toSatisfy(
        (error) => InvalidArgumentError.isInstance(error) && error.argument === "options.minRelevance",
      );
    }
  });
});
