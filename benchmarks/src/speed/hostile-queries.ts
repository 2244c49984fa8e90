// `pnpm bench:queries`: how long hostile search queries take next to ordinary ones, on the in-memory and SQLite
// stores, side by side in one run. Queries are capped in core (maxTermLength, maxQueryTerms); this shows the cap
// holds on real stores. Offline, a few seconds.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHashingEmbedder, createInMemoryStore, Memory, type MemoryStore } from "@engram/core";
import { createSqliteStore } from "@engram/core/sqlite";
import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { machineInfo } from "./bench-results.js";

const memories = 2000;
const repeats = 5;
const queries: Array<[string, string]> = [
  ["ordinary (4 words)", "which topic7 notes mention word77"],
  ["one 20,000-character token", "a".repeat(20_000)],
  ["20,000 distinct terms", Array.from({ length: 20_000 }, (_, index) => `term${index}x`).join(" ")],
  [
    "20,000 terms that all match",
    Array.from({ length: 20_000 }, (_, index) => `word${index % memories}`).join(" "),
  ],
];

async function fill(memory: Memory): Promise<void> {
  for (let start = 0; start < memories; start += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, offset) => {
        const index = start + offset;
        return memory.add(`note ${index} about topic${index % 50} with word${index}`, {
          userId: "u",
          infer: false,
        });
      }),
    );
  }
}

async function medianMs(memory: Memory, query: string): Promise<number> {
  await memory.search(query, { userId: "u", limit: 10 }); // warm-up
  const times: number[] = [];
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    await memory.search(query, { userId: "u", limit: 10 });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-hostile-queries-"));
try {
  const stores: Array<[string, MemoryStore]> = [
    ["in-memory", createInMemoryStore()],
    ["sqlite", createSqliteStore({ path: path.join(folder, "bench.db") })],
  ];
  const columns: number[][] = [];
  for (const [, store] of stores) {
    const memory = new Memory({ store, embedder: createHashingEmbedder({ dimensions: 256 }) });
    await fill(memory);
    const column: number[] = [];
    for (const [, query] of queries) column.push(await medianMs(memory, query));
    columns.push(column);
    await memory.close();
  }
  const machine = machineInfo();
  console.log(
    `Search latency, median of ${repeats} (ms), ${memories} memories, hashing embedder (256 d). ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average at start ${machine.loadAverageAtStart}, at end ${os.loadavg()[0]!.toFixed(2)}.\n`,
  );
  console.log(
    markdownTable(
      ["query", ...stores.map(([name]) => name)],
      queries.map(([name], row) => [name, ...columns.map((column) => formatNumber(column[row]))]),
    ),
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
