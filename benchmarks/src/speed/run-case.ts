import { performance } from "node:perf_hooks";
import { type LatencySummary, summarize } from "../stats/percentiles.js";
import { generateWorkload, type Workload, type WorkloadMemory } from "../workload/workload.js";
import type { BenchTarget, SystemName } from "./bench-target.js";

/** One measured case: one system at one store size. */
export interface CaseConfig {
  /** System under test. */
  system: SystemName;
  /** Memories in the store when searching. */
  size: number;
  /** Users the memories are spread over. */
  users: number;
  /** Vector length. */
  dimensions: number;
  /** Workload seed. */
  seed: number;
  /** Measured searches of each kind (scoped, tenant-wide). */
  queries: number;
  /** Unmeasured searches run first to warm the JIT and caches. */
  warmup: number;
  /** Memories per batched add call (at most; one call holds one user's memories). */
  batchSize: number;
  /** How many of the `size` memories are added one per call (the rest are added in batches). */
  singleAdds: number;
  /** Scratch folder for files. */
  directory: string;
}

/** Throughput of one way of adding. */
export interface AddThroughput {
  /** Memories added. */
  memories: number;
  /** `add()` calls made. */
  calls: number;
  /** Wall time in seconds. */
  seconds: number;
  /** Memories per second. */
  perSecond: number;
}

/** Everything measured for one case. */
export interface CaseResult {
  /** The case. */
  config: CaseConfig;
  /** Batched adds (infer off). */
  addBatched: AddThroughput;
  /** One memory per add call (infer off), with per-call latency in ms. */
  addSingle: AddThroughput & { latency: LatencySummary };
  /** Search inside one user of the tenant, latency in ms. */
  searchUser: LatencySummary;
  /** Search across the whole tenant, latency in ms. */
  searchTenant: LatencySummary;
  /**
   * CPU time of this process per search in ms (user + system), for scoped and tenant-wide searches: unlike wall
   * time it does not count waiting for a core on a shared machine (nor a server's own work, e.g. Chroma's).
   */
  searchCpu?: { user: LatencySummary; tenant: LatencySummary };
  /** Mean results returned per scoped and tenant-wide search (sanity check: not zero). */
  meanResults: { user: number; tenant: number };
  /** Peak resident set size of the process, in MB (includes the workload's own vectors). */
  peakRssMb: number;
  /** Heap and buffers retained after loading, minus the workload alone (after GC), in MB. */
  retainedMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

function heapNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Splits memories into per-user batches in arrival order: a user's batch is sent when it is full. */
export function planBatches(memories: readonly WorkloadMemory[], batchSize: number): WorkloadMemory[][] {
  const pending = new Map<string, WorkloadMemory[]>();
  const batches: WorkloadMemory[][] = [];
  for (const memory of memories) {
    const list = pending.get(memory.userId) ?? [];
    list.push(memory);
    if (list.length >= batchSize) {
      batches.push(list);
      pending.delete(memory.userId);
    } else pending.set(memory.userId, list);
  }
  batches.push(...pending.values());
  return batches;
}

async function measureAdds(target: BenchTarget, workload: Workload, config: CaseConfig) {
  const singles = Math.min(config.singleAdds, config.size - 1);
  const batched = workload.memories.slice(0, config.size - singles);
  const batches = planBatches(batched, config.batchSize);
  let start = performance.now();
  for (const batch of batches) await target.addBatch(batch, workload.agentId);
  const batchSeconds = (performance.now() - start) / 1000;
  const latencies: number[] = [];
  start = performance.now();
  for (const memory of workload.memories.slice(config.size - singles)) {
    const began = performance.now();
    await target.addOne(memory, workload.agentId);
    latencies.push(performance.now() - began);
  }
  const singleSeconds = (performance.now() - start) / 1000;
  return {
    addBatched: {
      memories: batched.length,
      calls: batches.length,
      seconds: batchSeconds,
      perSecond: batched.length / batchSeconds,
    },
    addSingle: {
      memories: singles,
      calls: singles,
      seconds: singleSeconds,
      perSecond: singles / singleSeconds,
      latency: summarize(latencies.length ? latencies : [0]),
    },
  };
}

async function measureSearches(
  target: BenchTarget,
  workload: Workload,
  config: CaseConfig,
  kind: "user" | "tenant",
) {
  const search = (index: number) => {
    const query = workload.queries[index % workload.queries.length]!;
    return kind === "user"
      ? target.searchUser(query, workload.agentId)
      : target.searchTenant(query, workload.agentId);
  };
  for (let index = 0; index < config.warmup; index++) await search(index);
  const latencies: number[] = [];
  const cpuTimes: number[] = [];
  let results = 0;
  for (let index = config.warmup; index < config.warmup + config.queries; index++) {
    const cpu = process.cpuUsage();
    const began = performance.now();
    results += await search(index);
    latencies.push(performance.now() - began);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { latency: summarize(latencies), cpu: summarize(cpuTimes), meanResults: results / config.queries };
}

/** Generates the workload, loads it into the target, then times searches; returns every measurement. */
export async function runCase(
  config: CaseConfig,
  createTarget: (workload: Workload) => Promise<BenchTarget>,
): Promise<CaseResult> {
  const workload = generateWorkload({
    size: config.size,
    users: config.users,
    dimensions: config.dimensions,
    seed: config.seed,
    queries: config.warmup + config.queries,
  });
  const baseline = heapNow();
  const target = await createTarget(workload);
  try {
    const adds = await measureAdds(target, workload, config);
    const retainedMb = mb(heapNow() - baseline);
    const user = await measureSearches(target, workload, config, "user");
    const tenant = await measureSearches(target, workload, config, "tenant");
    return {
      config,
      ...adds,
      searchUser: user.latency,
      searchTenant: tenant.latency,
      searchCpu: { user: user.cpu, tenant: tenant.cpu },
      meanResults: { user: user.meanResults, tenant: tenant.meanResults },
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      retainedMb,
    };
  } finally {
    await target.close();
  }
}
