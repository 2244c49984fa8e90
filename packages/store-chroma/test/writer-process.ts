// A separate process that writes batches to a Chroma store (spawned by faults.test.ts).
import {
  createHashingEmbedder,
  type HistoryEntry,
  hashMemory,
  type MemoryRecord,
  normalize,
} from "@engram/core";
import { createChromaStore } from "../src/index.js";
import type { ChromaWriteStep } from "../src/index.js";

interface Arguments {
  connection: { host: string; port: number; ssl: false };
  prefix: string;
  userId: string;
  /** "crash": die (SIGKILL) right after `step` of the first batch; "stream": write until a write fails. */
  mode: "crash" | "stream";
  step?: ChromaWriteStep;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Arguments;
const embedder = createHashingEmbedder({ dimensions: 64 });

function batchFor(index: number): { record: MemoryRecord; entry: HistoryEntry } {
  const text = `${options.userId} remembers fact number ${index} from ${process.pid}`;
  const now = new Date().toISOString();
  const id = `${options.userId}-${process.pid}-${index}`;
  const record: MemoryRecord = {
    id,
    version: 1,
    memory: text,
    type: "fact",
    hash: hashMemory(text),
    metadata: { index },
    userId: options.userId,
    createdAt: now,
    updatedAt: now,
    sources: [],
    validFrom: now,
    validTo: null,
    embedding: normalize((embedder.embed([text]) as Float32Array[])[0]!),
  };
  const entry: HistoryEntry = {
    id: `h-${id}`,
    memoryId: id,
    event: "ADD",
    previousValue: null,
    newValue: text,
    actor: "test",
    createdAt: now,
    userId: options.userId,
  };
  return { record, entry };
}

const store = createChromaStore({
  ...options.connection,
  collectionPrefix: options.prefix,
  retries: 2,
  retryDelayMs: 50,
  requestTimeoutMs: 5000,
  _internal: {
    onWriteStep: (step) => {
      if (options.mode === "crash" && step === options.step) process.kill(process.pid, "SIGKILL");
    },
  },
});

for (let index = 0; ; index++) {
  const { record, entry } = batchFor(index);
  console.log(JSON.stringify({ writing: record.id }));
  try {
    await store.write({ upserts: [record], deletes: [], history: [entry] });
  } catch (error) {
    console.log(JSON.stringify({ failed: record.id, message: (error as Error).message }));
    break;
  }
  console.log(JSON.stringify({ acked: record.id }));
}
await store.close();
