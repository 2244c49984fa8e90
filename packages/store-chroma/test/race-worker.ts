// One of two processes racing on one Chroma memory (spawned by cross-process-writes.test.ts).
// Modes: "add" stores the same texts as its twin; "update" and "update-expected" change one shared memory.
import { createHashingEmbedder, Memory, VersionConflictError } from "@engram/core";
import { createChromaStore } from "../src/index.js";

interface Arguments {
  connection: { host: string; port: number; ssl: false };
  prefix: string;
  worker: string;
  mode: "add" | "update" | "update-expected";
  texts?: string[];
  memoryId?: string;
  count?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Arguments;
const store = createChromaStore({
  ...options.connection,
  collectionPrefix: options.prefix,
  retries: 5,
  retryDelayMs: 50,
});
const memory = new Memory({ store, embedder: createHashingEmbedder({ dimensions: 32 }) });
const scope = { userId: "shared-user" };
const print = (event: object) => console.log(JSON.stringify(event));

// Both processes start together: wait for the test's go line on stdin, which it sends once both are ready.
await memory.initialize();
print({ ready: options.worker });
await new Promise<void>((resolve) => {
  process.stdin.once("data", () => resolve());
});

if (options.mode === "add") {
  for (const text of options.texts ?? []) {
    const { results } = await memory.add(text, { ...scope, infer: false });
    print({ text, events: results.map((item) => ({ event: item.event, id: item.id })) });
  }
} else {
  const id = options.memoryId!;
  let conflicts = 0;
  for (let index = 0; index < (options.count ?? 0); index++) {
    const text = `${options.worker} wrote ${index}`;
    if (options.mode === "update") {
      await memory.update(id, { memory: text }, scope);
      print({ updated: text });
      continue;
    }
    for (;;) {
      const current = await memory.get(id, scope);
      try {
        await memory.update(id, { memory: text }, { ...scope, expectedVersion: current!.version });
        print({ updated: text, basedOn: current!.version });
        break;
      } catch (error) {
        if (!VersionConflictError.isInstance(error)) throw error;
        conflicts += 1;
      }
    }
  }
  print({ conflicts });
}
await memory.close();
await store.close();
print({ done: options.worker });
