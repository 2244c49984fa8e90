import type { BenchResults } from "../speed/bench-results.js";
import type { CaseResult } from "../speed/run-case.js";
import { checkTargets } from "../speed/targets.js";
import { formatNumber, formatRatio, markdownTable } from "./markdown-table.js";
import { type ChartSeries, renderLogLogChart } from "./svg-chart.js";

const size = (value: number) => value.toLocaleString("en-US");
const bySizeThenSystem = (a: CaseResult, b: CaseResult) =>
  a.config.size - b.config.size || a.config.system.localeCompare(b.config.system);

function addTable(cases: CaseResult[]): string {
  return markdownTable(
    [
      "store",
      "memories",
      "batched add /s",
      "calls (batched)",
      "single add /s",
      "single add p50 ms",
      "single add p95 ms",
    ],
    cases.map((result) => [
      result.config.system,
      size(result.config.size),
      formatNumber(result.addBatched.perSecond),
      size(result.addBatched.calls),
      formatNumber(result.addSingle.perSecond),
      formatNumber(result.addSingle.latency.p50),
      formatNumber(result.addSingle.latency.p95),
    ]),
  );
}

function searchTable(cases: CaseResult[]): string {
  return markdownTable(
    [
      "store",
      "memories",
      "scoped p50 ms",
      "scoped p95",
      "scoped p99",
      "tenant p50 ms",
      "tenant p95",
      "tenant p99",
      "queries",
    ],
    cases.map((result) => [
      result.config.system,
      size(result.config.size),
      formatNumber(result.searchUser.p50),
      formatNumber(result.searchUser.p95),
      formatNumber(result.searchUser.p99),
      formatNumber(result.searchTenant.p50),
      formatNumber(result.searchTenant.p95),
      formatNumber(result.searchTenant.p99),
      result.searchUser.count,
    ]),
  );
}

function cpuTable(cases: CaseResult[]): string {
  const measured = cases.filter((result) => result.searchCpu);
  if (measured.length === 0) return "";
  return markdownTable(
    ["store", "memories", "scoped CPU p50 ms", "scoped CPU p95", "tenant CPU p50 ms", "tenant CPU p95"],
    measured.map((result) => [
      result.config.system,
      size(result.config.size),
      formatNumber(result.searchCpu!.user.p50),
      formatNumber(result.searchCpu!.user.p95),
      formatNumber(result.searchCpu!.tenant.p50),
      formatNumber(result.searchCpu!.tenant.p95),
    ]),
  );
}

function memoryTable(cases: CaseResult[]): string {
  return markdownTable(
    ["store", "memories", "peak RSS MB", "retained heap MB"],
    cases.map((result) => [
      result.config.system,
      size(result.config.size),
      formatNumber(result.peakRssMb),
      formatNumber(result.retainedMb),
    ]),
  );
}

function ratioTable(cases: CaseResult[]): string {
  const rows: Array<Array<string | number>> = [];
  for (const mem0 of cases.filter((result) => result.config.system === "mem0")) {
    for (const engram of cases.filter(
      (result) => result.config.system.startsWith("engram") && result.config.size === mem0.config.size,
    )) {
      rows.push([
        engram.config.system,
        size(mem0.config.size),
        formatRatio(mem0.searchUser.p50 / engram.searchUser.p50),
        formatRatio(mem0.searchUser.p95 / engram.searchUser.p95),
        formatRatio(mem0.searchTenant.p50 / engram.searchTenant.p50),
        formatRatio(mem0.searchTenant.p95 / engram.searchTenant.p95),
        formatRatio(engram.addBatched.perSecond / mem0.addBatched.perSecond),
        formatRatio(engram.addSingle.perSecond / mem0.addSingle.perSecond),
      ]);
    }
  }
  if (rows.length === 0) return "_mem0ai was not measured in this run._";
  return markdownTable(
    [
      "Engram store",
      "memories",
      "scoped p50 speed-up",
      "scoped p95",
      "tenant p50 speed-up",
      "tenant p95",
      "batched add",
      "single add",
    ],
    rows,
  );
}

/** Renders a run as markdown: add throughput, search latency, memory, mem0 ratios, cold start, pipeline cost, targets. */
export function renderSpeedReport(results: BenchResults): string {
  const cases = [...results.cases].sort(bySizeThenSystem);
  const machine = results.machine;
  const sections = [
    `## Engram speed benchmark (${results.startedAt})`,
    `Machine: ${machine.cpu}, ${machine.cores} logical cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}. ` +
      `${results.options.dimensions} dimensions, ${results.options.users} users, seed ${results.options.seed}; embedding cost excluded (precomputed vectors). ` +
      `Load average ${machine.loadAverageAtStart ?? "?"} at start, ${results.loadAverageAtEnd ?? "?"} at end (shared machine: numbers above the core count mean contention).`,
    "### Add throughput (infer off)",
    addTable(cases),
    "### Search latency (top 10)",
    searchTable(cases),
    ...(cases.some((result) => result.searchCpu)
      ? [
          "### Search CPU time per query (this process only; not counting waits for a core on a shared machine)",
          cpuTable(cases),
        ]
      : []),
    "### Memory",
    memoryTable(cases),
    "### Engram vs mem0ai (same vectors, same run; >1× means Engram is faster)",
    ratioTable(cases),
  ];
  if (results.coldStart.length) {
    sections.push(
      "### Cold start to first search (fresh Node process, existing store file; median of runs)",
      markdownTable(
        ["system", "memories", "total ms", "import ms", "open ms", "first search ms", "wall ms (spawn→exit)"],
        results.coldStart.map((cold) => [
          cold.system === "engram" ? "engram-sqlite" : "mem0",
          size(cold.size),
          formatNumber(cold.totalMs),
          formatNumber(cold.importMs),
          formatNumber(cold.openMs),
          formatNumber(cold.searchMs),
          formatNumber(cold.wallMs),
        ]),
      ),
    );
  }
  if (results.pipeline.length) {
    sections.push(
      "### LLM pipeline cost of one add (typical turn: 2 messages, 10 related memories in scope; recording fake model)",
      markdownTable(
        [
          "system",
          "LLM calls",
          "prompt tokens (o200k)",
          "schema tokens",
          "system prompt chars",
          "memories shown",
          "embedded texts",
          "note",
        ],
        results.pipeline.map((cost) => [
          cost.system,
          cost.llmCalls,
          size(cost.promptTokens),
          size(cost.schemaTokens),
          size(cost.systemPromptChars),
          cost.relatedShown ?? "n/a",
          cost.embeddedTexts,
          cost.note ?? "",
        ]),
      ),
    );
  }
  if (results.skipped.length) {
    sections.push(
      "### Not measured",
      results.skipped.map((skip) => `- ${skip.system} at ${size(skip.size)}: ${skip.reason}`).join("\n"),
    );
  }
  const checks = checkTargets(cases);
  sections.push(
    "### Targets",
    markdownTable(
      ["target", "measured", "status"],
      checks.map((check) => [
        check.target,
        check.measured,
        check.status === "met" ? "✅ met" : check.status === "missed" ? "❌ missed" : "– not measured",
      ]),
    ),
  );
  return `${sections.join("\n\n")}\n`;
}

/** Draws p95 search latency against store size for every system, scoped (solid) and tenant-wide (dashed). */
export function renderLatencyChart(results: BenchResults): string {
  const systems = [...new Set(results.cases.map((result) => result.config.system))].sort();
  const series: ChartSeries[] = [];
  for (const system of systems) {
    const cases = results.cases.filter((result) => result.config.system === system).sort(bySizeThenSystem);
    series.push({
      label: `${system} scoped`,
      points: cases.map((result) => ({ x: result.config.size, y: result.searchUser.p95 })),
    });
    series.push({
      label: `${system} tenant-wide`,
      dashed: true,
      points: cases.map((result) => ({ x: result.config.size, y: result.searchTenant.p95 })),
    });
  }
  return renderLogLogChart({
    title: `Search latency p95 vs store size (${results.options.dimensions} dims, ${results.machine.cores} cores)`,
    xLabel: "memories in store",
    yLabel: "p95 latency (ms, log scale)",
    series,
    references: [
      { y: 2, label: "target: scoped 2 ms" },
      { y: 25, label: "target: tenant-wide 25 ms" },
    ],
  });
}
