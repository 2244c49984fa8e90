import { describe, expect, it } from "vitest";
import type { BenchResults } from "../speed/bench-results.js";
import type { CaseResult } from "../speed/run-case.js";
import type { LatencySummary } from "../stats/percentiles.js";
import { renderSpeedReport } from "./speed-report.js";

const latency = (p50: number, p95: number): LatencySummary => ({
  count: 200,
  mean: p50,
  min: p50,
  p50,
  p95,
  p99: p95,
  max: p95,
});

function run(cpu: boolean): BenchResults {
  const add = { memories: 1000, calls: 10, seconds: 1, perSecond: 1000 };
  const result: CaseResult = {
    config: {
      system: "engram-sqlite",
      size: 1000,
      users: 10,
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
    searchUser: latency(0.4, 3.5),
    searchTenant: latency(9, 27),
    meanResults: { user: 10, tenant: 10 },
    peakRssMb: 100,
    retainedMb: 10,
    ...(cpu ? { searchCpu: { user: latency(0.35, 0.75), tenant: latency(8.25, 12.5) } } : {}),
  };
  return {
    startedAt: "2026-11-21T00:00:00.000Z",
    machine: {
      cpu: "test",
      cores: 2,
      memoryGb: 1,
      node: "v20",
      platform: "linux x64",
      loadAverageAtStart: 1,
    },
    options: { dimensions: 4, users: 10, seed: 1 },
    cases: [result],
    skipped: [],
    coldStart: [],
    pipeline: [],
  };
}

describe("renderSpeedReport", () => {
  it("prints per-query CPU time beside wall latency when the run measured it", () => {
    const report = renderSpeedReport(run(true));
    expect(report).toContain("### Search CPU time per query");
    expect(report).toMatch(/\| engram-sqlite \| 1,000 \| 0\.350 \| 0\.750 \| 8\.25 \| 12\.5 \|/u);
  });

  it("leaves the CPU section out for runs saved before it existed", () => {
    expect(renderSpeedReport(run(false))).not.toContain("CPU time per query");
  });
});
