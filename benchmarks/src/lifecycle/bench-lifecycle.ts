// `pnpm bench:lifecycle`: a simulated user's year (facts change, get repeated in other words, episodes pile up)
// through Engram on SQLite, offline rules and a scripted oracle model, with and without maintenance.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createWinkEmbedder } from "@engram/core/wink";
import { machineInfo } from "../speed/bench-results.js";
import { generateUser } from "./generator.js";
import { consolidationAvailable } from "./maintenance-policy.js";
import { type LifecycleResults, renderLifecycleReport } from "./report.js";
import type { ExtractionMode, RunResult } from "./run-result.js";
import { runUser } from "./runner.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => process.stderr.write(`[bench:lifecycle] ${message}\n`);

const usage = `Usage: pnpm bench:lifecycle [--users 3] [--sessions 300] [--seed 1] [--modes rules,oracle] [--out dir]
  --users     simulated users (seeds seed, seed+1, …)        default 3
  --sessions  sessions per user over 365 days                 default 300
  --seed      seed of the first user                           default 1
  --modes     extraction modes: rules, oracle (scripted)       default rules,oracle
  --out       folder for lifecycle-latest.json                 default benchmarks/results`;

function options() {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "3" },
      sessions: { type: "string", default: "300" },
      seed: { type: "string", default: "1" },
      modes: { type: "string", default: "rules,oracle" },
      out: { type: "string", default: path.join(here, "..", "..", "results") },
      help: { type: "boolean", default: false },
    },
  });
  const modes = values.modes.split(",").map((mode) => mode.trim()) as ExtractionMode[];
  if (modes.some((mode) => mode !== "rules" && mode !== "oracle"))
    throw new Error("--modes takes rules and/or oracle");
  const number = (value: string, flag: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${flag} expects a whole number above 0`);
    return parsed;
  };
  return {
    help: values.help,
    users: number(values.users, "users"),
    sessions: number(values.sessions, "sessions"),
    seed: number(values.seed, "seed"),
    modes,
    out: values.out,
  };
}

async function main(): Promise<void> {
  const settings = options();
  if (settings.help) return console.log(usage);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const began = performance.now();
  const embedder = createWinkEmbedder();
  const consolidation = consolidationAvailable();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "engram-lifecycle-"));
  const runs: RunResult[] = [];
  try {
    for (let index = 0; index < settings.users; index++) {
      const user = generateUser({ seed: settings.seed + index, sessions: settings.sessions });
      for (const mode of settings.modes) {
        for (const maintenance of [false, true]) {
          const run = await runUser({ user, mode, maintenance, consolidation, embedder, directory: scratch });
          log(
            `${user.userId} ${mode} ${maintenance ? "with" : "without"} maintenance: ${run.messages} messages, ` +
              `${run.active.at(-1)?.total} active at the end, ${(run.wallMs / 1000).toFixed(1)} s (load ${os.loadavg()[0]!.toFixed(2)})`,
          );
          runs.push(run);
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const results: LifecycleResults = {
    startedAt,
    machine,
    loadAverageAtEnd: Math.round(os.loadavg()[0]! * 100) / 100,
    options: {
      users: settings.users,
      sessions: settings.sessions,
      seed: settings.seed,
      modes: settings.modes,
    },
    embedder: `${embedder.name} (${embedder.dimensions} d)`,
    consolidation,
    runtimeSeconds: (performance.now() - began) / 1000,
    runs,
  };
  mkdirSync(settings.out, { recursive: true });
  const json = JSON.stringify(results, null, 2);
  writeFileSync(path.join(settings.out, `lifecycle-${startedAt.replace(/[:.]/gu, "-")}.json`), json);
  writeFileSync(path.join(settings.out, "lifecycle-latest.json"), json);
  console.log(renderLifecycleReport(results));
  log(`wrote ${path.join(settings.out, "lifecycle-latest.json")}`);
}

main().catch((error: unknown) => {
  console.error(`[bench:lifecycle] ${(error as Error).message}\n\n${usage}`);
  process.exitCode = 1;
});
