// Where does a tenant-wide search spend its time? Times Engram's search and its parts on one synthetic store.
// Run: npx tsx src/speed/profile-search.ts [--size 100000] [--dimensions 384] (add --cpu-prof to node for a profile)
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createInMemoryStore, dot, Memory, termFrequencies, terms } from "@engram/core";
import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { summarize } from "../stats/percentiles.js";
import { createPrecomputedEmbedder, vectorsOf } from "../workload/precomputed-embedder.js";
import { generateWorkload } from "../workload/workload.js";
import { planBatches } from "./run-case.js";

const { values } = parseArgs({
  options: { size: { type: "string" }, dimensions: { type: "string" }, queries: { type: "string" } },
});
const size = Number(values.size ?? 100_000);
const dimensions = Number(values.dimensions ?? 384);
const queries = Number(values.queries ?? 40);

function time(label: string, run: (index: number) => unknown): [string, string, string] {
  for (let index = 0; index < 3; index++) run(index);
  const samples: number[] = [];
  for (let index = 0; index < queries; index++) {
    const began = performance.now();
    run(index);
    samples.push(performance.now() - began);
  }
  const summary = summarize(samples);
  return [label, formatNumber(summary.p50), formatNumber(summary.p95)];
}

/** Best dot product of `vector` with every row of a row-major matrix, unrolled by four like core's dot(). */
function scanMatrix(vector: Float32Array, matrix: Float32Array, rows: number, width: number): number {
  let best = -1;
  for (let row = 0, offset = 0; row < rows; row++, offset += width) {
    let sum = 0;
    for (let column = 0; column < width; column += 4) {
      sum +=
        vector[column]! * matrix[offset + column]! +
        vector[column + 1]! * matrix[offset + column + 1]! +
        vector[column + 2]! * matrix[offset + column + 2]! +
        vector[column + 3]! * matrix[offset + column + 3]!;
    }
    if (sum > best) best = sum;
  }
  return best;
}

/** Symmetric int8 quantisation of unit vectors (values in [-1, 1] scaled by 127). */
function quantize(values: Float32Array): Int8Array {
  return Int8Array.from(values, (value) => Math.round(Math.max(-1, Math.min(1, value)) * 127));
}

/** The same scan over int8 rows in plain JavaScript (core runs it in WebAssembly SIMD and re-scores in f32). */
function scanInt8(vector: Int8Array, matrix: Int8Array, rows: number, width: number): number {
  let best = -1;
  for (let row = 0, offset = 0; row < rows; row++, offset += width) {
    let sum = 0;
    for (let column = 0; column < width; column += 4) {
      sum +=
        vector[column]! * matrix[offset + column]! +
        vector[column + 1]! * matrix[offset + column + 1]! +
        vector[column + 2]! * matrix[offset + column + 2]! +
        vector[column + 3]! * matrix[offset + column + 3]!;
    }
    if (sum > best) best = sum;
  }
  return best;
}

async function main(): Promise<void> {
  const workload = generateWorkload({ size, users: 100, dimensions, seed: 7, queries: queries + 3 });
  const embedder = createPrecomputedEmbedder({
    dimensions,
    vectors: vectorsOf([...workload.memories, ...workload.queries]),
  });
  const store = createInMemoryStore();
  const memory = new Memory({ store, embedder });
  for (const batch of planBatches(workload.memories, 500)) {
    await memory.add(
      batch.map((item) => ({ role: "user", content: item.text })),
      // Independent memories, not a conversation: no neighbours as context (the default for message arrays).
      { userId: batch[0]!.userId, agentId: workload.agentId, infer: false, contextWindow: 0 },
    );
  }
  const query = (index: number) => workload.queries[index % workload.queries.length]!;
  const vectors = workload.memories.map((item) => item.vector);
  const matrix = new Float32Array(size * dimensions);
  vectors.forEach((vector, row) => {
    matrix.set(vector, row * dimensions);
  });
  const termMaps = workload.memories.map((item) => termFrequencies(terms(item.text)));
  const rows: Array<[string, string, string]> = [];
  const searchSamples: number[] = [];
  for (let index = 0; index < queries + 3; index++) {
    const began = performance.now();
    await memory.search(query(index).text, { agentId: workload.agentId, limit: 10 });
    if (index >= 3) searchSamples.push(performance.now() - began);
  }
  const searchSummary = summarize(searchSamples);
  rows.push([
    "memory.search (tenant-wide, top 10)",
    formatNumber(searchSummary.p50),
    formatNumber(searchSummary.p95),
  ]);
  const storeSamples: number[] = [];
  for (let index = 0; index < queries + 3; index++) {
    const item = query(index);
    const began = performance.now();
    await store.search({
      scope: { agentId: workload.agentId },
      vector: item.vector,
      terms: terms(item.text),
      limit: 40,
    });
    if (index >= 3) storeSamples.push(performance.now() - began);
  }
  const storeSummary = summarize(storeSamples);
  rows.push([
    "store.search (candidates only)",
    formatNumber(storeSummary.p50),
    formatNumber(storeSummary.p95),
  ]);
  rows.push(
    time("dot() over every record's own Float32Array", (index) => {
      let best = -1;
      for (const vector of vectors) best = Math.max(best, dot(query(index).vector, vector));
      return best;
    }),
  );
  rows.push(
    time("dot, unrolled, over one contiguous Float32Array", (index) =>
      scanMatrix(query(index).vector, matrix, size, dimensions),
    ),
  );
  const quantized = quantize(matrix);
  rows.push(
    time("int8 dot, unrolled, over one contiguous Int8Array", (index) =>
      scanInt8(quantize(query(index).vector), quantized, size, dimensions),
    ),
  );
  rows.push(
    time("query-term lookups in every record's term map", (index) => {
      const queryTerms = terms(query(index).text);
      let found = 0;
      for (const map of termMaps) for (const term of queryTerms) if (map.has(term)) found++;
      return found;
    }),
  );
  console.log(
    `Search profile: ${size.toLocaleString("en-US")} memories x ${dimensions} dims, one tenant, ${queries} queries\n`,
  );
  console.log(markdownTable(["operation", "p50 ms", "p95 ms"], rows));
}

await main();
