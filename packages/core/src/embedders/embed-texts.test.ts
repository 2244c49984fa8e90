import { describe, expect, it } from "vitest";
import { InvalidArgumentError, ModelTimeoutError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { Embedder } from "./embedder.js";
import { embedTexts } from "./embed-texts.js";
import { createHashingEmbedder } from "./hashing-embedder.js";

const scope = { userId: "u" };
const hashing = createHashingEmbedder({ dimensions: 16 });

/** The hashing embedder, except that texts containing "POISON" get `bad` as their vector. */
function poisoned(bad: unknown): Embedder {
  return {
    specificationVersion: "v1",
    name: "poisoned-embedder",
    dimensions: 16,
    embed: (texts) =>
      texts.map((text) =>
        text.includes("POISON") ? (bad as number[]) : (hashing.embed([text]) as Float32Array[])[0]!,
      ),
  };
}

const badVectors: Array<[string, unknown, RegExp]> = [
  ["NaN", [Number.NaN, ...Array(15).fill(1)], /returned NaN at position 0/],
  ["Infinity", [...Array(15).fill(1), Number.POSITIVE_INFINITY], /returned Infinity at position 15/],
  [
    "-Infinity",
    Float64Array.from({ length: 16 }, (_, i) => (i === 3 ? -Infinity : 1)),
    /-Infinity at position 3/,
  ],
  ["too large for float32", [1e39, ...Array(15).fill(1)], /too large for a 32-bit float/],
  ["too short", [1, 2, 3], /declares 16 dimensions but returned a vector of 3/],
  ["too long", Array(17).fill(1), /declares 16 dimensions but returned a vector of 17/],
  ["not a vector", null, /returned null instead of a vector/],
  ["strings", Array(16).fill("1"), /returned a string at position 0/],
];

async function seeded(bad: unknown) {
  const store = createInMemoryStore();
  const memory = new Memory({ store, embedder: poisoned(bad) });
  const [seed] = (await memory.add("Lives in Lisbon", scope)).results;
  const before = await memory.export(scope);
  return { memory, seed: seed!, before };
}

async function refusal(action: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe("embedder");
  expect((error as Error).message).toMatch(/embedder "poisoned-embedder"/);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).toMatch(/nothing was written or searched/);
}

describe("every vector is checked before it is written or searched", () => {
  it.each(badVectors)(
    "%s: add, update, search and buildContext refuse it and change nothing",
    async (_name, bad, pattern) => {
      const { memory, seed, before } = await seeded(bad);
      await refusal(memory.add("POISON in the text", scope), pattern);
      await refusal(
        memory.add(
          [
            { role: "user", content: "A good message" },
            { role: "user", content: "POISON next to it" },
          ],
          scope,
        ),
        pattern,
      );
      await refusal(memory.update(seed.id, { memory: "POISON instead" }, scope), pattern);
      await refusal(memory.search("POISON", scope), pattern);
      await refusal(memory.buildContext("POISON", { ...scope, tokenBudget: 200 }), pattern);
      const after = await memory.export(scope);
      expect({ ...after, exportedAt: before.exportedAt }).toEqual(before);
      expect((await memory.get(seed.id, scope))?.version).toBe(1);
    },
  );

  it("keeps a zero vector (a text with no word the embedder knows): it matches by keywords only", async () => {
    const memory = new Memory({ store: createInMemoryStore(), embedder: poisoned(Array(16).fill(0)) });
    const [item] = (await memory.add("POISON ivy grows here", scope)).results;
    const { results } = await memory.search("ivy", { ...scope, explain: true });
    expect(results.map((result) => result.id)).toEqual([item!.id]);
    expect(results[0]!.explanation!.vector).toBe(0);
    const [vector] = await embedTexts(poisoned(Array(16).fill(0)), ["POISON"]);
    expect([...vector!]).toEqual(Array(16).fill(0));
  });

  it("returns unit-length copies of good vectors", async () => {
    const [vector] = await embedTexts(poisoned([3, 4, ...Array(14).fill(0)]), ["POISON"]);
    expect(vector![0]).toBeCloseTo(0.6);
    expect(vector![1]).toBeCloseTo(0.8);
  });
});

describe("embedder timeout", () => {
  const hanging = (): Embedder & { calls: number } => {
    const embedder = {
      specificationVersion: "v1" as const,
      name: "hanging-embedder",
      dimensions: 16,
      calls: 0,
      embed(texts: string[]) {
        if (texts.some((text) => text.includes("HANG"))) {
          embedder.calls++;
          return new Promise<number[][]>(() => undefined);
        }
        return hashing.embed(texts);
      },
    };
    return embedder;
  };

  it("abandons a call that never answers with a ModelTimeoutError, and writes nothing", async () => {
    const embedder = hanging();
    const memory = new Memory({ store: createInMemoryStore(), embedder, embedderTimeoutMs: 30 });
    const [seed] = (await memory.add("Lives in Lisbon", scope)).results;
    const before = await memory.export(scope);
    for (const action of [
      () => memory.add("HANG on", scope),
      () => memory.update(seed!.id, { memory: "HANG there" }, scope),
      () => memory.search("HANG", scope),
      () => memory.buildContext("HANG", { ...scope, tokenBudget: 100 }),
    ]) {
      const error = await action().catch((caught: unknown) => caught);
      expect(ModelTimeoutError.isInstance(error), String(error)).toBe(true);
      expect((error as ModelTimeoutError).timeoutMs).toBe(30);
      expect((error as ModelTimeoutError).model).toBe("hanging-embedder");
      expect((error as Error).message).toMatch(
        /"hanging-embedder" did not embed 1 text within 30 ms.*nothing was written.*raise embedderTimeoutMs/,
      );
    }
    expect(embedder.calls).toBe(4);
    const after = await memory.export(scope);
    expect({ ...after, exportedAt: before.exportedAt }).toEqual(before);
  });

  it("checks the option", () => {
    for (const value of [0, -1, 1.5, Number.POSITIVE_INFINITY, 2 ** 31, "30s"]) {
      expect(() => new Memory({ embedderTimeoutMs: value as number })).toThrow(/options.embedderTimeoutMs/);
      expect(() => new Memory({ llmTimeoutMs: value as number })).toThrow(/options.llmTimeoutMs/);
    }
  });
});
