import { parseArgs } from "node:util";
import { fromCallerDirectory } from "../locomo/locomo-options.js";
import { type SystemName, systemNames } from "./bench-target.js";

/** Parsed `pnpm bench` flags. */
export interface BenchOptions {
  /** Store sizes to measure. */
  sizes: number[];
  /** Systems to measure. */
  systems: SystemName[];
  /** Largest size at which mem0ai runs (its searches scan every row). */
  mem0MaxSize: number;
  /** Largest size at which the Chroma store runs. */
  chromaMaxSize: number;
  /** Users the memories are spread over. */
  users: number;
  /** Vector length. */
  dimensions: number;
  /** Workload seed. */
  seed: number;
  /** Measured searches per kind for Engram stores. */
  queries: number;
  /** Measured searches per kind for mem0ai. */
  mem0Queries: number;
  /** Unmeasured warm-up searches. */
  warmup: number;
  /** Memories per batched add call. */
  batchSize: number;
  /** Memories added one per call (out of each size). */
  singleAdds: number;
  /** Fresh processes per cold-start measurement (0 skips it). */
  coldStartRuns: number;
  /** Measure the LLM pipeline cost. */
  pipeline: boolean;
  /** Folder for JSON and SVG output. */
  out: string;
  /** Re-render a saved run's JSON instead of measuring. */
  from?: string;
}

/** Usage text of `pnpm bench`. */
export const benchUsage = `Usage: pnpm bench [flags]
  --quick                 smoke run: sizes 1000,2000, few queries (about a minute)
  --sizes <list>          store sizes, e.g. 1k,10k,100k            (default 1000,10000,20000,100000)
  --systems <list>        ${systemNames.join(",")}   (default all)
  --mem0-max-size <n>     largest size for mem0ai                  (default 20000)
  --chroma-max-size <n>   largest size for the Chroma store        (default 10000)
  --users <n>             users the memories are spread over       (default 100)
  --dimensions <n>        vector length                            (default 384)
  --seed <n>              workload seed                            (default 7)
  --queries <n>           measured searches per kind, Engram       (default 200)
  --mem0-queries <n>      measured searches per kind, mem0ai       (default 30)
  --warmup <n>            unmeasured warm-up searches per kind     (default 100)
  --batch-size <n>        memories per batched add call            (default 100)
  --single-adds <n>       memories added one per call              (default 500)
  --cold-start-runs <n>   fresh processes per cold start, 0 = skip (default 3)
  --no-pipeline           skip the LLM pipeline cost measurement
  --out <dir>             where JSON and SVG go                    (default benchmarks/results)
  --from <json>           re-render a saved run (tables and chart) without measuring`;

function parseCount(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(k)?$/iu.exec(raw.trim());
  const value = match ? Math.round(Number(match[1]) * (match[2] ? 1000 : 1)) : Number.NaN;
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} expects a whole number (e.g. 1000 or 10k), got "${raw}".`);
  return value;
}

/** Parses `pnpm bench` flags; throws an Error with a clear message on bad input. */
export function parseBenchOptions(argv: string[], defaultOut: string): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      help: { type: "boolean", short: "h" },
      quick: { type: "boolean" },
      sizes: { type: "string" },
      systems: { type: "string" },
      "mem0-max-size": { type: "string" },
      "chroma-max-size": { type: "string" },
      users: { type: "string" },
      dimensions: { type: "string" },
      seed: { type: "string" },
      queries: { type: "string" },
      "mem0-queries": { type: "string" },
      warmup: { type: "string" },
      "batch-size": { type: "string" },
      "single-adds": { type: "string" },
      "cold-start-runs": { type: "string" },
      pipeline: { type: "boolean" },
      out: { type: "string" },
      from: { type: "string" },
    },
  });
  if (values.help) return "help";
  const quick = values.quick === true;
  const count = (name: keyof typeof values, fallback: number, quickValue = fallback) => {
    const raw = values[name];
    return typeof raw === "string" ? parseCount(name, raw) : quick ? quickValue : fallback;
  };
  const sizes = (values.sizes ?? (quick ? "1000,2000" : "1000,10000,20000,100000"))
    .split(",")
    .map((raw) => parseCount("sizes", raw));
  if (sizes.some((value) => value < 2)) throw new Error("--sizes must all be at least 2.");
  const systems = (values.systems ?? systemNames.join(",")).split(",").map((raw) => raw.trim());
  for (const system of systems) {
    if (!(systemNames as readonly string[]).includes(system)) {
      throw new Error(`--systems: unknown system "${system}"; choose from ${systemNames.join(", ")}.`);
    }
  }
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    systems: systems as SystemName[],
    mem0MaxSize: count("mem0-max-size", 20_000),
    chromaMaxSize: count("chroma-max-size", 10_000),
    users: Math.max(1, count("users", 100)),
    dimensions: Math.max(1, count("dimensions", 384)),
    seed: count("seed", 7),
    queries: Math.max(1, count("queries", 200, 50)),
    mem0Queries: Math.max(1, count("mem0-queries", 30, 10)),
    warmup: count("warmup", 100, 5),
    batchSize: Math.max(1, count("batch-size", 100)),
    singleAdds: count("single-adds", 500, 100),
    coldStartRuns: count("cold-start-runs", 3, 1),
    pipeline: values.pipeline !== false,
    out: values.out ? fromCallerDirectory(values.out) : defaultOut,
    ...(values.from ? { from: fromCallerDirectory(values.from) } : {}),
  };
}
