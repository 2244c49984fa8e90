// Imports the core entry, then (with the argument "resolve") resolves a time expression through an inferred add.
import * as core from "../index.js";

if (process.argv.includes("resolve")) {
  const memory = new core.Memory({
    store: core.createInMemoryStore(),
    embedder: core.createHashingEmbedder(),
  });
  await memory.add("I moved to Porto last month.", { userId: "u", infer: true });
}
console.log(Object.keys(core).length);
