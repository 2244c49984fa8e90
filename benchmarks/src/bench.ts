// `pnpm bench`: speed of Engram's stores and mem0ai on the same synthetic workload, plus LLM pipeline cost.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderLatencyChart, renderSpeedReport } from "./report/speed-report.js";
import { type BenchResults, machineInfo } from "./speed/bench-results.js";
import type { SystemName } from "./speed/bench-target.js";
import { type BenchOptions, benchUsage, parseBenchOptions } from "./speed/bench-options.js";
import { loadChromaStoreFactory } from "./speed/chroma.js";
import { measureColdStart } from "./speed/cold-start.js";
import { measureEngramPipeline, measureMem0Pipeline } from "./speed/pipeline-cost.js";
import type { CaseConfig, CaseResult } from "./speed/run-case.js";
import { userName } from "./workload/workload.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function runWorker(config: CaseConfig): CaseResult {
  const out = path.join(config.directory, `result-${config.system}-${config.size}.json`);
  const child = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      ...process.execArgv,
      path.join(here, "speed", "bench-worker.ts"),
      "--config",
      JSON.stringify(config),
      "--out",
      out,
    ],
    { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  let report: { ok: boolean; result?: CaseResult; error?: string };
  try {
    report = JSON.parse(readFileSync(out, "utf8"));
  } catch {
    throw new Error(
      `worker exited with ${child.status ?? child.signal} and no result. ${child.stderr.slice(-1500)}`,
    );
  }
  if (!report.ok) throw new Error(report.error ?? "unknown error");
  return report.result!;
}

function caseConfig(options: BenchOptions, system: SystemName, size: number, directory: string): CaseConfig {
  return {
    system,
    size,
    users: options.users,
    dimensions: options.dimensions,
    seed: options.seed,
    queries: system === "mem0" ? options.mem0Queries : options.queries,
    warmup: system === "mem0" ? Math.min(options.warmup, 3) : options.warmup,
    batchSize: options.batchSize,
    // Chroma writes take hundreds of ms each over HTTP: cap its one-by-one adds so a run stays within minutes.
    singleAdds: Math.min(
      options.singleAdds,
      Math.floor(size / 2),
      system === "engram-chroma" ? 100 : Number.POSITIVE_INFINITY,
    ),
    directory,
  };
}

async function skipReason(
  options: BenchOptions,
  system: SystemName,
  size: number,
  chroma: string | undefined,
): Promise<string | undefined> {
  if (system === "mem0" && size > options.mem0MaxSize) return `above --mem0-max-size ${options.mem0MaxSize}`;
  if (system === "engram-chroma" && size > options.chromaMaxSize)
    return `above --chroma-max-size ${options.chromaMaxSize}`;
  if (system === "engram-chroma" && chroma) return chroma;
  return undefined;
}

function coldStart(options: BenchOptions, config: CaseConfig, results: BenchResults): void {
  if (options.coldStartRuns === 0 || (config.system !== "engram-sqlite" && config.system !== "mem0")) return;
  const system = config.system === "mem0" ? "mem0" : "engram";
  const file =
    system === "engram"
      ? path.join(config.directory, `engram-${config.size}.db`)
      : path.join(config.directory, `mem0-${config.size}`);
  try {
    results.coldStart.push(
      measureColdStart({
        system,
        path: file,
        size: config.size,
        dimensions: config.dimensions,
        userId: userName(0),
        runs: options.coldStartRuns,
      }),
    );
  } catch (error) {
    results.skipped.push({
      system: `${system} cold start`,
      size: config.size,
      reason: (error as Error).message.split("\n")[0]!,
    });
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), path.join(here, "..", "results"));
  if (options === "help") {
    console.log(benchUsage);
    return;
  }
  if (options.from) {
    const saved = JSON.parse(readFileSync(options.from, "utf8")) as BenchResults;
    mkdirSync(options.out, { recursive: true });
    writeFileSync(path.join(options.out, "latency-vs-size.svg"), renderLatencyChart(saved));
    console.log(renderSpeedReport(saved));
    return;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), "engram-bench-"));
  process.env.MEM0_TELEMETRY = "false";
  process.env.MEM0_DIR = path.join(scratch, "mem0-home");
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    options: { ...options },
    cases: [],
    skipped: [],
    coldStart: [],
    pipeline: [],
  };
  const chromaFactory = options.systems.includes("engram-chroma")
    ? await loadChromaStoreFactory()
    : undefined;
  const chroma = typeof chromaFactory === "string" ? chromaFactory : undefined;
  try {
    for (const size of options.sizes) {
      for (const system of options.systems) {
        const reason = await skipReason(options, system, size, chroma);
        if (reason) {
          results.skipped.push({ system, size, reason });
          continue;
        }
        const directory = path.join(scratch, `${system}-${size}`);
        mkdirSync(directory, { recursive: true });
        const config = caseConfig(options, system, size, directory);
        log(`${system} at ${size.toLocaleString("en-US")} memories…`);
        const began = Date.now();
        try {
          results.cases.push(runWorker(config));
          coldStart(options, config, results);
        } catch (error) {
          results.skipped.push({
            system,
            size,
            reason: `failed: ${(error as Error).message.split("\n")[0]}`,
          });
          log(`${system} at ${size} failed: ${(error as Error).message}`);
        }
        log(`  done in ${((Date.now() - began) / 1000).toFixed(1)} s`);
        rmSync(directory, { recursive: true, force: true });
      }
    }
    if (options.pipeline) {
      log("LLM pipeline cost…");
      results.pipeline.push(
        await measureEngramPipeline(),
        await measureMem0Pipeline(path.join(scratch, "pipeline-mem0")),
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  results.loadAverageAtEnd = Math.round(os.loadavg()[0]! * 100) / 100;
  mkdirSync(options.out, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/gu, "-");
  const json = JSON.stringify(results, null, 2);
  writeFileSync(path.join(options.out, `bench-${stamp}.json`), json);
  writeFileSync(path.join(options.out, "bench-latest.json"), json);
  writeFileSync(path.join(options.out, "latency-vs-size.svg"), renderLatencyChart(results));
  console.log(renderSpeedReport(results));
  log(`wrote ${path.join(options.out, "bench-latest.json")} and latency-vs-size.svg`);
}

main().catch((error: unknown) => {
  console.error(`[bench] ${(error as Error).message}\n\n${benchUsage}`);
  process.exitCode = 1;
});
