import { describe, expect, it } from "vitest";
import { createPrecomputedEmbedder, fallbackVector, vectorsOf } from "./precomputed-embedder.js";
import { createRandom } from "./random.js";
import { generateWorkload } from "./workload.js";

const options = { size: 300, users: 7, dimensions: 16, seed: 42, queries: 20 };

const norm = (vector: Float32Array) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe("createRandom", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it("draws normal samples with mean near 0 and variance near 1", () => {
    const random = createRandom(1);
    const samples = Array.from({ length: 20_000 }, () => random.gaussian());
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe("generateWorkload", () => {
  it("is deterministic: the same options give identical texts, users, metadata and vectors", () => {
    const a = generateWorkload(options);
    const b = generateWorkload(options);
    expect(b.memories.map((memory) => [memory.text, memory.userId, memory.metadata])).toEqual(
      a.memories.map((memory) => [memory.text, memory.userId, memory.metadata]),
    );
    expect(b.memories.map((memory) => Array.from(memory.vector))).toEqual(
      a.memories.map((memory) => Array.from(memory.vector)),
    );
    expect(b.queries.map((query) => [query.text, query.userId, Array.from(query.vector)])).toEqual(
      a.queries.map((query) => [query.text, query.userId, Array.from(query.vector)]),
    );
  });

  it("changes with the seed", () => {
    const a = generateWorkload(options);
    const b = generateWorkload({ ...options, seed: 43 });
    expect(b.memories.map((memory) => memory.text)).not.toEqual(a.memories.map((memory) => memory.text));
  });

  it("generates the requested shape: unique texts, unit vectors, users within range, queries on owned users", () => {
    const workload = generateWorkload(options);
    expect(workload.memories).toHaveLength(300);
    expect(new Set(workload.memories.map((memory) => memory.text)).size).toBe(300);
    const users = new Set(workload.memories.map((memory) => memory.userId));
    expect(users.size).toBeLessThanOrEqual(7);
    expect(users.size).toBeGreaterThan(1);
    for (const memory of workload.memories) {
      expect(memory.vector).toHaveLength(16);
      expect(norm(memory.vector)).toBeCloseTo(1, 5);
      expect(memory.metadata).toMatchObject({ channel: expect.any(String), importance: expect.any(Number) });
    }
    expect(workload.queries).toHaveLength(20);
    for (const query of workload.queries) {
      expect(users.has(query.userId)).toBe(true);
      expect(norm(query.vector)).toBeCloseTo(1, 5);
    }
  });

  it("places each query near one of its user's memories", () => {
    const workload = generateWorkload(options);
    for (const query of workload.queries) {
      const best = Math.max(
        ...workload.memories
          .filter((memory) => memory.userId === query.userId)
          .map((memory) =>
            memory.vector.reduce((sum, value, index) => sum + value * query.vector[index]!, 0),
          ),
      );
      expect(best).toBeGreaterThan(0.9);
    }
  });

  it("refuses nonsense sizes", () => {
    expect(() => generateWorkload({ ...options, size: 0 })).toThrow(/size/);
    expect(() => generateWorkload({ ...options, dimensions: 1.5 })).toThrow(/dimensions/);
  });
});

describe("createPrecomputedEmbedder", () => {
  it("returns the precomputed vector for known texts and a stable hashed unit vector otherwise", async () => {
    const workload = generateWorkload({ ...options, size: 10 });
    const embedder = createPrecomputedEmbedder({ dimensions: 16, vectors: vectorsOf(workload.memories) });
    const [known, unknown, again] = await embedder.embed([
      workload.memories[3]!.text,
      "never seen",
      "never seen",
    ]);
    expect(known).toBe(workload.memories[3]!.vector);
    expect(Array.from(unknown!)).toEqual(Array.from(again!));
    expect(Array.from(unknown!)).toEqual(Array.from(fallbackVector("never seen", 16)));
    expect(norm(unknown as Float32Array)).toBeCloseTo(1, 5);
    expect(embedder.name).toBe("bench-precomputed-16");
  });
});
