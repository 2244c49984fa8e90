import type { LatencySummary } from "../stats/percentiles.js";
import type { CaseResult } from "./run-case.js";

/** A latency summary with the given median and p95 (tests only). */
export const latency = (p50: number, p95: number): LatencySummary => ({
  count: 200,
  mean: p50,
  min: p50,
  p50,
  p95,
  p99: p95,
  max: p95,
});

/** A measured case with the given system, size, search latencies and add rate (tests only). */
export function caseResult(options: {
  system: CaseResult["config"]["system"];
  size: number;
  searchUser: LatencySummary;
  searchTenant: LatencySummary;
  addRate: number;
}): CaseResult {
  const { system, size, addRate } = options;
  const add = { memories: size, calls: 1, seconds: size / addRate, perSecond: addRate };
  return {
    config: {
      system,
      size,
      users: 1,
      dimensions: 4,
      seed: 1,
      queries: 200,
      warmup: 0,
      batchSize: 10,
      singleAdds: 0,
      directory: "/tmp",
    },
    addBatched: add,
    addSingle: { ...add, latency: latency(1, 1) },
    searchUser: options.searchUser,
    searchTenant: options.searchTenant,
    meanResults: { user: 10, tenant: 10 },
    peakRssMb: 100,
    retainedMb: 10,
  };
}
