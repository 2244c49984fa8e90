import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Cold start to first search of one system, the median of several fresh processes, in ms. */
export interface ColdStartResult {
  /** "engram" (SQLite store) or "mem0" (its SQLite vector store). */
  system: "engram" | "mem0";
  /** Memories in the opened store. */
  size: number;
  /** Process start to first search result, measured inside the child (includes Node's own boot). */
  totalMs: number;
  /** Importing the library. */
  importMs: number;
  /** Constructing the memory object and opening the store. */
  openMs: number;
  /** The first search, including any lazy loading it triggers. */
  searchMs: number;
  /** Wall time of the whole child process (spawn to exit), seen from the parent. */
  wallMs: number;
  /** Fresh processes measured. */
  runs: number;
}

const child = fileURLToPath(new URL("./cold-start-child.mjs", import.meta.url));

interface ChildReport {
  totalMs: number;
  importMs: number;
  openMs: number;
  searchMs: number;
  results: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Spawns `runs` fresh Node processes that each open an existing store and run one search. */
export function measureColdStart(options: {
  system: "engram" | "mem0";
  path: string;
  size: number;
  dimensions: number;
  userId: string;
  runs?: number;
}): ColdStartResult {
  const reports: Array<ChildReport & { wallMs: number }> = [];
  for (let run = 0; run < (options.runs ?? 3); run++) {
    const began = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        child,
        "--system",
        options.system,
        "--path",
        options.path,
        "--dimensions",
        String(options.dimensions),
        "--user",
        options.userId,
      ],
      { encoding: "utf8", env: { ...process.env, MEM0_TELEMETRY: "false" } },
    );
    const wallMs = performance.now() - began;
    const line = result.stdout.trim().split("\n").at(-1) ?? "";
    if (result.status !== 0 || !line.startsWith("{")) {
      throw new Error(
        `cold-start child for ${options.system} failed (exit ${result.status}): ${result.stderr.slice(-1500)}`,
      );
    }
    const report = JSON.parse(line) as ChildReport;
    if (report.results === 0)
      throw new Error(`cold-start child for ${options.system} found nothing in ${options.path}.`);
    reports.push({ ...report, wallMs });
  }
  const pick = (key: keyof ChildReport | "wallMs") => median(reports.map((report) => report[key]));
  return {
    system: options.system,
    size: options.size,
    totalMs: pick("totalMs"),
    importMs: pick("importMs"),
    openMs: pick("openMs"),
    searchMs: pick("searchMs"),
    wallMs: pick("wallMs"),
    runs: reports.length,
  };
}
