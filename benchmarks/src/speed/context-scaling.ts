// `npx tsx src/speed/context-scaling.ts [--memories 100000] [--limits 250,500,1000]`: how `buildContext` time grows
// with its candidate limit, over an in-memory store of hashing-embedded memories, with a budget everything fits in
// (the worst case for the renderer). Linear rendering keeps the time per candidate flat as the limit grows.
// Offline; not a test.
import { createHashingEmbedder, createInMemoryStore, Memory } from "@engram/core";
import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { machineInfo } from "./bench-results.js";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const memories = Number(argument("memories", "100000"));
const limits = argument("limits", "250,500,1000").split(",").map(Number);
const scope = { userId: "u" };

async function fill(memory: Memory): Promise<void> {
  for (let start = 0; start < memories; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, memories - start) }, (_, offset) => {
      const index = start + offset;
      return {
        role: "user",
        content: `note ${index} about topic${index % 50} with word${index} and a shared context word`,
      };
    });
    // Independent notes, not a conversation: no neighbours as context (the default for message arrays).
    await memory.add(batch, { ...scope, infer: false, deduplicate: false, contextWindow: 0 });
  }
}

async function main(): Promise<void> {
  const memory = new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder() });
  const filled = performance.now();
  await fill(memory);
  process.stderr.write(`filled ${memories} memories in ${Math.round(performance.now() - filled)} ms\n`);
  await memory.buildContext("shared context word", { ...scope, tokenBudget: 1_000_000, limit: 10 });
  const rows: string[][] = [];
  for (const limit of limits) {
    const started = performance.now();
    const result = await memory.buildContext("shared context word", {
      ...scope,
      tokenBudget: 1_000_000,
      limit,
      minRelevance: 0,
    });
    const ms = performance.now() - started;
    rows.push([
      String(limit),
      String(result.ids.length),
      formatNumber(result.tokens),
      formatNumber(ms),
      (ms / Math.max(1, result.ids.length)).toFixed(3),
    ]);
  }
  const machine = machineInfo();
  process.stdout.write(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${memories} memories\n\n`,
  );
  process.stdout.write(
    markdownTable(["limit", "included", "tokens", "buildContext ms", "ms per included memory"], rows),
  );
  process.stdout.write("\n");
}

await main();
