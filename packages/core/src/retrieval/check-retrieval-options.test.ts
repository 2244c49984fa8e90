import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { checkRetrievalOptions } from "./check-retrieval-options.js";
import { closestName } from "./closest-name.js";

function refusal(options: unknown): InvalidArgumentError {
  try {
    checkRetrievalOptions(options);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe("checkRetrievalOptions", () => {
  it("accepts absent, empty and complete valid options, returning them unchanged", () => {
    expect(checkRetrievalOptions(undefined)).toEqual({});
    const options = {
      vectorWeight: 0,
      keywordWeight: 1,
      keywordSaturation: 0.5,
      recency: { halfLifeDays: 30, weight: 1 },
      typeWeights: { preference: 1.2, fact: 0 },
      candidateMultiplier: 50,
      minRelevance: 0.4,
    };
    expect(checkRetrievalOptions(options)).toBe(options);
    expect(checkRetrievalOptions({ recency: { halfLifeDays: 0.5 } })).toEqual({
      recency: { halfLifeDays: 0.5 },
    });
  });

  it.each([
    ["vectorWeight", -0.1],
    ["vectorWeight", Number.NaN],
    ["vectorWeight", "0.7"],
    ["keywordWeight", Number.POSITIVE_INFINITY],
    ["keywordWeight", -1],
    ["keywordSaturation", 0],
    ["keywordSaturation", Number.NaN],
  ])("refuses %s = %s", (key, value) => {
    const error = refusal({ [key]: value });
    expect(error.argument).toBe(`retrieval.${key}`);
    expect(error.message).toMatch(/expected a finite number/);
  });

  it("refuses vector and keyword weights that are both zero, counting defaults", () => {
    expect(() => checkRetrievalOptions({ vectorWeight: 0 })).not.toThrow();
    expect(refusal({ vectorWeight: 0, keywordWeight: 0 }).message).toMatch(/both 0/);
  });

  it("checks recency: an object with a half-life above 0 and a weight in [0, 1]", () => {
    expect(refusal({ recency: { halfLifeDays: 0 } }).argument).toBe("retrieval.recency.halfLifeDays");
    expect(refusal({ recency: { halfLifeDays: -3 } }).argument).toBe("retrieval.recency.halfLifeDays");
    expect(refusal({ recency: { weight: 0.5 } }).argument).toBe("retrieval.recency.halfLifeDays");
    expect(refusal({ recency: { halfLifeDays: 7, weight: 1.5 } }).argument).toBe("retrieval.recency.weight");
    expect(refusal({ recency: { halfLifeDays: 7, weight: Number.NaN } }).argument).toBe(
      "retrieval.recency.weight",
    );
    expect(refusal({ recency: 30 }).argument).toBe("retrieval.recency");
    const typo = refusal({ recency: { halfLife: 7 } });
    expect(typo.argument).toBe("retrieval.recency.halfLife");
    expect(typo.message).toMatch(/did you mean "halfLifeDays"\?/);
  });

  it("checks type weights: finite numbers ≥ 0", () => {
    expect(refusal({ typeWeights: { preference: -1 } }).argument).toBe("retrieval.typeWeights.preference");
    expect(refusal({ typeWeights: { fact: Number.NaN } }).argument).toBe("retrieval.typeWeights.fact");
    expect(refusal({ typeWeights: { fact: "2" } }).argument).toBe("retrieval.typeWeights.fact");
    expect(refusal({ typeWeights: [1] }).argument).toBe("retrieval.typeWeights");
  });

  it.each([0, 51, 2.5, Number.NaN, "4"])("refuses candidateMultiplier = %s", (value) => {
    const error = refusal({ candidateMultiplier: value });
    expect(error.argument).toBe("retrieval.candidateMultiplier");
    expect(error.message).toMatch(/whole number from 1 to 50/);
  });

  it.each([-0.1, 1.1, Number.NaN, "0.3"])("refuses minRelevance = %s", (value) => {
    expect(refusal({ minRelevance: value }).argument).toBe("retrieval.minRelevance");
  });

  it("refuses unknown keys by name, suggesting the near miss", () => {
    const typo = refusal({ vectorWeigth: 0.5 });
    expect(typo.argument).toBe("retrieval.vectorWeigth");
    expect(typo.message).toMatch(/unknown key; did you mean "vectorWeight"\?/);
    expect(refusal({ min_relevance: 0.3 }).message).toMatch(/did you mean "minRelevance"/);
    const unrelated = refusal({ temperature: 0.2 });
    expect(unrelated.message).not.toMatch(/did you mean/);
    expect(unrelated.message).toMatch(/Known keys: vectorWeight/);
  });

  it("refuses a non-object", () => {
    expect(refusal(null).argument).toBe("retrieval");
    expect(refusal([]).argument).toBe("retrieval");
  });
});

describe("closestName", () => {
  it("finds typos, swaps and case or snake_case variants, and nothing for unrelated words", () => {
    const known = ["vectorWeight", "keywordWeight", "minRelevance"];
    expect(closestName("vectorWeigth", known)).toBe("vectorWeight");
    expect(closestName("keyword_weight", known)).toBe("keywordWeight");
    expect(closestName("MinRelevance", known)).toBe("minRelevance");
    expect(closestName("limit", known)).toBeUndefined();
  });
});

describe("Memory with invalid retrieval options", () => {
  it("refuses NaN and string weights when the Memory is created instead of silently returning nothing", () => {
    for (const retrieval of [{ vectorWeight: Number.NaN }, { keywordWeight: "0.3" }]) {
      const create = () =>
        new Memory({
          store: createInMemoryStore(),
          embedder: createHashingEmbedder(),
          retrieval: retrieval as never,
        });
      expect(create).toThrow(/options\.retrieval\.(vectorWeight|keywordWeight)/);
      try {
        create();
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
      }
    }
  });
});
