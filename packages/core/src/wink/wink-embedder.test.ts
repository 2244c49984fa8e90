import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dot } from "../embedders/vector-math.js";
import { quantize, readCache, writeCache } from "./wink-cache.js";
import { createWinkEmbedder } from "./wink-embedder.js";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-wink-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("wink cache", () => {
  it("round-trips quantised vectors within int8 precision", () => {
    const vectors = [Float32Array.from([0.6, -0.8, 0]), Float32Array.from([0, 0.1, -0.99])];
    const file = path.join(folder, "tiny.bin");
    writeCache(file, quantize(["alpha", "beta"], vectors, 3));
    const read = readCache(file)!;
    expect([...read.rows.entries()]).toEqual([
      ["alpha", 0],
      ["beta", 1],
    ]);
    for (const [row, vector] of vectors.entries()) {
      for (const [index, value] of vector.entries()) {
        expect(read.values[row * 3 + index]! * read.scales[row]!).toBeCloseTo(value, 2);
      }
    }
  });

  it("treats a missing or foreign file as no cache", () => {
    expect(readCache(path.join(folder, "absent.bin"))).toBeUndefined();
  });
});

describe("wink embedder (real word vectors)", { timeout: 180_000 }, () => {
  const cacheDir = path.join(folder, "cache");
  const embedder = createWinkEmbedder({ cacheDir });
  const similarity = async (a: string, b: string) => {
    const [x, y] = (await embedder.embed([a, b])) as Float32Array[];
    return dot(x!, y!);
  };

  it("converts once to a compact cache, then loads it", async () => {
    const [vector] = (await embedder.embed(["dog"])) as Float32Array[];
    expect(vector).toHaveLength(100);
    expect(dot(vector!, vector!)).toBeCloseTo(1, 4);
    const file = path.join(cacheDir, "wink-sg-100d-100000.bin");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).size).toBeLessThan(12_000_000);
    const reloaded = createWinkEmbedder({ cacheDir });
    const started = performance.now();
    const [again] = (await reloaded.embed(["dog"])) as Float32Array[];
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(Array.from(again!)).toEqual(Array.from(vector!));
  });

  it("places related meanings close: dog finds golden retriever", async () => {
    expect(await similarity("dog", "golden retriever")).toBeGreaterThan(
      await similarity("dog", "income tax return"),
    );
    expect(await similarity("vegetarian food", "cook for dinner")).toBeGreaterThan(
      await similarity("live in Berlin", "cook dinner"),
    );
    expect(await similarity("I moved to Lisbon", "she lives in Portugal")).toBeGreaterThan(
      await similarity("I moved to Lisbon", "allergic to peanuts"),
    );
  });

  it("ignores stop words, and returns a zero vector for text with no known word", async () => {
    expect(await similarity("the dog", "dog")).toBeCloseTo(1, 5);
    const [unknown] = (await embedder.embed(["zxqvbnm qwzx"])) as Float32Array[];
    expect(Array.from(unknown!).every((value) => value === 0)).toBe(true);
  });
});
