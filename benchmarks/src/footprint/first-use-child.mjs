// Run by bench-footprint.ts in a fresh `node` process: the zero-config first use, timed from process start.
import { performance } from "node:perf_hooks";

const { Memory } = await import("@engram/core");
const memory = new Memory({ path: process.env.FOOTPRINT_DIR });
await memory.add("Has a golden retriever called Biscuit", { userId: "footprint" });
const { results } = await memory.search("what pet does she have? a dog?", { userId: "footprint" });
await memory.close();
console.log(
  JSON.stringify({
    milliseconds: performance.now(),
    maxRssMegabytes: process.resourceUsage().maxRSS / 1024,
    found: results[0]?.memory ?? null,
  }),
);
