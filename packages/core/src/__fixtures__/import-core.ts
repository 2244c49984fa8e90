// Imports the core entry and reports which heavy modules got loaded (run by lazy-loading.test.ts).
import { createRequire } from "node:module";
import * as core from "../index.js";

const require = createRequire(import.meta.url);
const loaded = Object.keys(require.cache);
console.log(
  JSON.stringify({
    exports: Object.keys(core).length,
    betterSqlite3: loaded.some((file) => file.includes("better-sqlite3")),
    wink: loaded.some((file) => file.includes("wink-embeddings")),
    winkNlp: loaded.some((file) => file.includes("wink-nlp") || file.includes("wink-eng-lite-web-model")),
  }),
);
