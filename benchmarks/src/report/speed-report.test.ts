import { describe, expect, it } from "vitest";
import type { BenchResults } from "../speed/bench-results.js";
import { caseResult, latency } from "../speed/case-result-fixture.js";
import { renderSpeedReport } from "./speed-report.js";

function run(cpu: boolean): BenchResults {
  const result = caseResult({
    system: "engram-sqlite",
    size: 1000,
    searchUser: latency(0.4, 3.5),
    searchTenant: latency(9, 27),
    addRate: 1000,
  });
  if (cpu) result.searchCpu = { user: latency(0.35, 0.75), tenant: latency(8.25, 12.5) };
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
