import type { CaseResult } from "./run-case.js";

/** One target of the issue, checked against a run. */
export interface TargetCheck {
  /** What is promised. */
  target: string;
  /** What was measured ("not measured" when the case did not run). */
  measured: string;
  /** Met, missed, or unknown (not measured). */
  status: "met" | "missed" | "not measured";
}

const find = (cases: CaseResult[], system: string, size: number) =>
  cases.find((result) => result.config.system === system && result.config.size === size);

const ms = (value: number) => `${value.toFixed(2)} ms`;

function latencyTarget(
  cases: CaseResult[],
  size: number,
  kind: "searchUser" | "searchTenant",
  limit: number,
): TargetCheck[] {
  const label = kind === "searchUser" ? "scoped (one user)" : "tenant-wide (all users of the agent)";
  return ["engram-sqlite", "engram-memory"].map((system) => {
    const result = find(cases, system, size);
    const target = `${system}: ${label} search p95 ≤ ${limit} ms at ${size.toLocaleString("en-US")} memories`;
    if (!result) return { target, measured: "not measured", status: "not measured" };
    const p95 = result[kind].p95;
    const cpu = result.searchCpu?.[kind === "searchUser" ? "user" : "tenant"].p95;
    const detail = p95 <= limit ? ms(p95) : `${ms(p95)} (${(p95 / limit).toFixed(1)}× over)`;
    const withCpu = cpu === undefined ? detail : `${detail}; CPU time p95 ${ms(cpu)}`;
    return { target, measured: withCpu, status: p95 <= limit ? "met" : "missed" };
  });
}

/**
 * Checks the targets: scoped p95 ≤ 2 ms and tenant-wide p95 ≤ 25 ms at 100k; batched SQLite add
 * ≥ 2,000/s at every measured size; search ≥ 100× faster than mem0ai at 20k (median latency).
 */
export function checkTargets(
  cases: CaseResult[],
  options: { largeSize?: number; mem0Size?: number } = {},
): TargetCheck[] {
  const largeSize = options.largeSize ?? 100_000;
  const mem0Size = options.mem0Size ?? 20_000;
  const checks = [
    ...latencyTarget(cases, largeSize, "searchUser", 2),
    ...latencyTarget(cases, largeSize, "searchTenant", 25),
  ];
  const sqlite = cases.filter((result) => result.config.system === "engram-sqlite");
  for (const result of sqlite) {
    const rate = result.addBatched.perSecond;
    checks.push({
      target: `engram-sqlite: batched add ≥ 2,000 memories/s at ${result.config.size.toLocaleString("en-US")}`,
      measured: `${Math.round(rate).toLocaleString("en-US")}/s`,
      status: rate >= 2000 ? "met" : "missed",
    });
  }
  if (sqlite.length === 0)
    checks.push({
      target: "engram-sqlite: batched add ≥ 2,000 memories/s",
      measured: "not measured",
      status: "not measured",
    });
  const mem0 = find(cases, "mem0", mem0Size);
  for (const kind of ["searchUser", "searchTenant"] as const) {
    const engram = find(cases, "engram-sqlite", mem0Size);
    const target = `engram-sqlite ${kind === "searchUser" ? "scoped" : "tenant-wide"} search ≥ 100× faster than mem0ai at ${mem0Size.toLocaleString("en-US")} (p50)`;
    if (!mem0 || !engram) {
      checks.push({ target, measured: "not measured", status: "not measured" });
      continue;
    }
    const ratio = mem0[kind].p50 / engram[kind].p50;
    checks.push({
      target,
      measured: `${ratio.toFixed(0)}× (${ms(engram[kind].p50)} vs ${ms(mem0[kind].p50)})`,
      status: ratio >= 100 ? "met" : "missed",
    });
  }
  return checks;
}
