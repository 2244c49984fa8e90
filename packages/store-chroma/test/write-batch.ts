// A separate process that writes one batch to a Chroma store and exits (spawned by search-cache.test.ts).
import type { MemoryRecord } from "@engram/core";
import { createChromaStore } from "../src/index.js";

interface Arguments {
  connection: { host: string; port: number; ssl: false };
  prefix: string;
  /** Records with their embeddings as plain arrays. */
  upserts: Array<Omit<MemoryRecord, "embedding"> & { embedding: number[] }>;
  deletes: string[];
}

const options = JSON.parse(process.argv[2] ?? "{}") as Arguments;
const store = createChromaStore({ ...options.connection, collectionPrefix: options.prefix });
await store.write({
  upserts: options.upserts.map((record) => ({ ...record, embedding: Float32Array.from(record.embedding) })),
  deletes: options.deletes.map((id) => ({ id, version: 1 })),
  history: [],
});
await store.close();
console.log(JSON.stringify({ written: options.upserts.length, deleted: options.deletes.length }));
