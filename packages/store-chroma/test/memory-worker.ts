// One application process using a shared Chroma memory (spawned twice by multi-process.test.ts).
import { createHashingEmbedder, Memory } from "@engram/core";
import { createChromaStore } from "../src/index.js";

interface Arguments {
  connection: { host: string; port: number; ssl: false };
  prefix: string;
  worker: string;
  users: string[];
  count: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Arguments;
const store = createChromaStore({
  ...options.connection,
  collectionPrefix: options.prefix,
  retries: 5,
  retryDelayMs: 100,
});
const memory = new Memory({ store, embedder: createHashingEmbedder({ dimensions: 64 }) });

for (let index = 0; index < options.count; index++) {
  const userId = options.users[index % options.users.length]!;
  const text = `${options.worker} noted item ${index} for ${userId}: likes colour ${index % 5}`;
  const { results } = await memory.add(text, { userId });
  console.log(
    JSON.stringify({ userId, added: results.filter((item) => item.event === "ADD").map((item) => item.id) }),
  );
  const found = await memory.search(`likes colour ${index % 5}`, { userId, limit: 5 });
  if (found.results.some((item) => item.userId !== userId)) throw new Error("a search crossed users");
  console.log(JSON.stringify({ userId, searched: found.results.length }));
}
await memory.close();
await store.close();
console.log(JSON.stringify({ done: options.worker }));
