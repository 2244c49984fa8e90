import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

  it("treats a foreign file as no vectors file, and lets a missing file's error through", () => {
    const foreign = path.join(folder, "foreign.bin");
    writeFileSync(foreign, "not vectors at all");
    expect(readCache(foreign)).toBeUndefined();
    expect(() => readCache(path.join(folder, "absent.bin"))).toThrow(/ENOENT/u);
  });
});

describe("wink embedder (the shipped word vectors)", () => {
  const embedder = createWinkEmbedder();
  const similarity = async (a: string, b: string) => {
    const [x, y] = (await embedder.embed([a, b])) as Float32Array[];
    return dot(x!, y!);
  };

  it("embeds to unit vectors, and a smaller vocabulary drops the rarer words only", async () => {
    const [vector] = (await embedder.embed(["dog"])) as Float32Array[];
    expect(vector).toHaveLength(100);
    expect(dot(vector!, vector!)).toBeCloseTo(1, 4);
    const small = createWinkEmbedder({ vocabularySize: 5000 });
    const [dog, rare] = (await small.embed(["dog", "sommelier"])) as Float32Array[];
    expect(Array.from(dog!)).toEqual(Array.from(vector!));
    expect(Array.from(rare!).every((value) => value === 0)).toBe(true);
  });

  it("names the settings to change when the vectors file is missing or not one", async () => {
    const missing = createWinkEmbedder({ vectorsFile: path.join(folder, "absent.bin") });
    await expect(async () => missing.embed(["dog"])).rejects.toThrow(
      /ENGRAM_WINK_VECTORS.*@engram\/wink-vectors|@engram\/wink-vectors.*ENGRAM_WINK_VECTORS/u,
    );
    const foreign = path.join(folder, "not-vectors.bin");
    writeFileSync(foreign, "x".repeat(64));
    await expect(async () => createWinkEmbedder({ vectorsFile: foreign }).embed(["dog"])).rejects.toThrow(
      /not an Engram word vectors file.*ENGRAM_WINK_VECTORS/u,
    );
  });

  it("refuses a vocabulary larger than the shipped one", () => {
    expect(() => createWinkEmbedder({ vocabularySize: 200_000 })).toThrow(/vocabularySize.*100000/u);
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
