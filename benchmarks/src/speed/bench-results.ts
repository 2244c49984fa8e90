import os from "node:os";
import type { ColdStartResult } from "./cold-start.js";
import type { PipelineCost } from "./pipeline-cost.js";
import type { CaseResult } from "./run-case.js";

/** The machine a run happened on. */
export interface MachineInfo {
  /** CPU model. */
  cpu: string;
  /** Logical CPUs. */
  cores: number;
  /** Total memory in GB. */
  memoryGb: number;
  /** Node version. */
  node: string;
  /** OS and architecture. */
  platform: string;
  /** 1-minute load average when the run started (the machine is shared; above the core count means contention). */
  loadAverageAtStart: number;
}

/** Everything one `pnpm bench` run measured (written as JSON to benchmarks/results/). */
export interface BenchResults {
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** The machine. */
  machine: MachineInfo;
  /** The flags the run used. */
  options: Record<string, unknown>;
  /** Measured cases. */
  cases: CaseResult[];
  /** Cases that could not run, and why. */
  skipped: Array<{ system: string; size: number; reason: string }>;
  /** Cold start to first search. */
  coldStart: ColdStartResult[];
  /** LLM pipeline cost per add. */
  pipeline: PipelineCost[];
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd?: number;
}

/** Describes the current machine. */
export function machineInfo(): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverageAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}
