// Cold start to first search, in a fresh Node process without a TypeScript loader: import the library, open
// an existing store file, run one search. Prints one JSON line; every time is in ms since the process began.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    system: { type: "string" },
    path: { type: "string" },
    dimensions: { type: "string" },
    user: { type: "string" },
  },
});
const dimensions = Number(values.dimensions);
const query = "Where does the user live and work?";
// Any fixed unit vector will do: the cost of the first search does not depend on which vector it is.
const vector = Array.from({ length: dimensions }, (_, index) => Math.sin(index + 1));
const norm = Math.hypot(...vector);
const unit = vector.map((value) => value / norm);
const started = performance.now();
let imported;
let opened;
let results;

if (values.system === "engram") {
  const { Memory } = await import("@engram/core");
  const { createSqliteStore } = await import("@engram/core/sqlite");
  imported = performance.now();
  const embedder = {
    specificationVersion: "v1",
    name: `bench-precomputed-${dimensions}`,
    dimensions,
    embed: (texts) => texts.map(() => unit),
  };
  const memory = new Memory({ store: createSqliteStore({ path: values.path }), embedder });
  await memory.initialize();
  opened = performance.now();
  results = (await memory.search(query, { userId: values.user, agentId: "support-agent", limit: 10 })).results
    .length;
  await memory.close();
} else {
  process.env.MEM0_TELEMETRY = "false";
  const { Memory } = await import("mem0ai/oss");
  imported = performance.now();
  const model = { embedQuery: async () => unit, embedDocuments: async (texts) => texts.map(() => unit) };
  const memory = new Memory({
    embedder: { provider: "langchain", config: { model } },
    llm: { provider: "langchain", config: { model: { invoke: async () => ({ content: "{}" }) } } },
    vectorStore: {
      provider: "memory",
      config: { dimension: dimensions, dbPath: `${values.path}/vector_store.db` },
    },
    historyStore: { provider: "sqlite", config: { historyDbPath: `${values.path}/history.db` } },
  });
  opened = performance.now();
  results = (
    await memory.search(query, {
      filters: { user_id: values.user, agent_id: "support-agent" },
      topK: 10,
      threshold: 0,
    })
  ).results.length;
}
const done = performance.now();
process.stdout.write(
  `${JSON.stringify({ bootMs: started, importMs: imported - started, openMs: opened - imported, searchMs: done - opened, totalMs: done, results })}\n`,
);
