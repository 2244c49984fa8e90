import { describe, expect, it } from "vitest";
import { caseResult, latency } from "./case-result-fixture.js";
import type { CaseResult } from "./run-case.js";
import { checkTargets } from "./targets.js";

function result(
  system: CaseResult["config"]["system"],
  size: number,
  scoped: number,
  tenant: number,
  addRate: number,
): CaseResult {
  return caseResult({
    system,
    size,
    searchUser: latency(scoped, scoped),
    searchTenant: latency(tenant, tenant),
    addRate,
  });
}

describe("checkTargets", () => {
  it("marks met, missed (with the factor) and not measured", () => {
    const checks = checkTargets([
      result("engram-sqlite", 100_000, 1.5, 50, 2500),
      result("engram-sqlite", 20_000, 0.5, 10, 1500),
      result("mem0", 20_000, 100, 200, 100),
    ]);
    const find = (text: string) => checks.find((check) => check.target.includes(text))!;
    expect(find("engram-sqlite: scoped (one user) search p95 ≤ 2 ms")).toMatchObject({
      status: "met",
      measured: "1.50 ms",
    });
    expect(find("engram-sqlite: tenant-wide")).toMatchObject({
      status: "missed",
      measured: "50.00 ms (2.0× over)",
    });
    expect(find("engram-memory: scoped")).toMatchObject({ status: "not measured" });
    expect(find("batched add ≥ 2,000 memories/s at 100,000")).toMatchObject({ status: "met" });
    expect(find("batched add ≥ 2,000 memories/s at 20,000")).toMatchObject({
      status: "missed",
      measured: "1,500/s",
    });
    expect(find("scoped search ≥ 100× faster")).toMatchObject({
      status: "met",
      measured: expect.stringMatching(/^200×/),
    });
    expect(find("tenant-wide search ≥ 100× faster")).toMatchObject({
      status: "missed",
      measured: expect.stringMatching(/^20×/),
    });
  });

  it("adds the CPU time p95 beside the wall-time verdict when it was measured", () => {
    const measured = result("engram-sqlite", 100_000, 3, 30, 2500);
    measured.searchCpu = { user: latency(0.5, 0.9), tenant: latency(8, 11) };
    const checks = checkTargets([measured]);
    expect(checks.find((check) => check.target.includes("engram-sqlite: tenant-wide"))).toMatchObject({
      status: "missed",
      measured: "30.00 ms (1.2× over); CPU time p95 11.00 ms",
    });
    expect(checks.find((check) => check.target.includes("engram-sqlite: scoped"))).toMatchObject({
      status: "missed",
      measured: "3.00 ms (1.5× over); CPU time p95 0.90 ms",
    });
  });
});
