import { markdownTable } from "../report/markdown-table.js";
import type { MachineInfo } from "../speed/bench-results.js";
import { aggregate, type Group } from "./aggregate.js";
import { maintenancePolicy } from "./maintenance-policy.js";
import {
  activeTable,
  answerTable,
  extractionTable,
  maintenanceTable,
  name,
  percent,
  questionTable,
  asOfTable,
  templateTable,
  typeTable,
} from "./report-tables.js";
import type { RunResult } from "./run-result.js";

/** Everything one `pnpm bench:lifecycle` run measured (written as JSON to benchmarks/results/). */
export interface LifecycleResults {
  /** When it started (ISO 8601). */
  startedAt: string;
  /** The machine. */
  machine: MachineInfo;
  /** 1-minute load average at the end. */
  loadAverageAtEnd: number;
  /** Users, sessions, seed, modes. */
  options: { users: number; sessions: number; seed: number; modes: string[] };
  /** The embedder's name and dimensions. */
  embedder: string;
  /** Whether core had consolidate() (lifecycle.consolidate was passed). */
  consolidation: boolean;
  /** Wall time of the whole benchmark, seconds. */
  runtimeSeconds: number;
  /** Every run. */
  runs: RunResult[];
}

const definitions = `Definitions. A result *states* a value when its text names the value (city, employer, role, diet, pet name, hobby, food, band; for the relationship the status word or partner) and is not negated ("No longer lives in …"). **Stale in top 5**: results among the top 5 of a current-value question that state a value the slot held earlier and no longer holds, without stating the current one (target 0). **Current-fact recall@5**: share of current-value questions whose top 5 contain a result stating the current value. **asOf accuracy**: at the end of the year, for noon on day 15, 45, …, 345 and every slot that had a value then, \`search(question, { asOf, limit: 5 })\`; correct when a top-5 result states the value true at that date and no result ranked above it states another value of the slot. **Context tokens**: \`buildContext(question, defaultInjectionOptions)\` (800-token budget, relevance floor 0.5) per current-value question, tokens as reported. Current-value questions: every slot with a value, after sessions 30, 60, …, 300, phrasings alternating.`;

function targetRows(groups: Group[]): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = [];
  const status = (met: boolean) => (met ? "✅ met" : "❌ missed");
  for (const group of groups.filter((candidate) => candidate.maintenance)) {
    const without = groups.find((candidate) => candidate.mode === group.mode && !candidate.maintenance);
    const who = name(group);
    if (without) {
      const ratio = group.active.at(-1)!.mean / without.active.at(-1)!.mean;
      rows.push([
        who,
        "active memories at 300 ≤ ⅓ of no maintenance",
        ratio.toFixed(2),
        status(ratio <= 1 / 3),
      ]);
    }
    rows.push([who, "0 stale facts in the top 5", group.current.stale, status(group.current.stale === 0)]);
    const recall = group.current.correct / Math.max(group.current.questions, 1);
    rows.push([
      who,
      "current-fact recall@5 ≥ 95 %",
      percent(group.current.correct, group.current.questions),
      status(recall >= 0.95),
    ]);
    const asOf = group.asOf.correct / Math.max(group.asOf.questions, 1);
    rows.push([
      who,
      "asOf accuracy ≥ 95 %",
      percent(group.asOf.correct, group.asOf.questions),
      status(asOf >= 0.95),
    ]);
  }
  return rows;
}

function modelSection(groups: Group[]): string[] {
  const oracle = groups.filter((group) => group.model);
  if (!oracle.length) return [];
  const rows = oracle.flatMap((group) =>
    Object.entries(group.model!).map(([format, use]) => [
      name(group),
      format,
      Math.round(use.callsPerUser),
      Math.round(use.meanTokens),
      Math.round(use.p95Tokens),
      format === "memory_operations"
        ? `${(group.changesWithoutOldValueShown ?? 0).toFixed(1)} of ${group.changedFactsPerUser.toFixed(1)}`
        : "",
    ]),
  );
  return [
    "### Scripted oracle model calls (not a real LLM: answers come from the generator's ground truth)",
    markdownTable(
      [
        "run",
        "request format",
        "calls / user",
        "prompt tokens mean",
        "p95",
        "changed facts whose old value was not among the memories shown / user",
      ],
      rows,
    ),
  ];
}

function header(results: LifecycleResults): string {
  const { machine, options } = results;
  return [
    `## Engram lifecycle benchmark (${results.startedAt})`,
    `Machine: ${machine.cpu}, ${machine.cores} logical cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}. Load average ${machine.loadAverageAtStart} at start, ${results.loadAverageAtEnd} at end (shared machine: above the core count means contention). Runtime ${results.runtimeSeconds.toFixed(0)} s.`,
    `${options.users} simulated users (seeds ${options.seed}…${options.seed + options.users - 1}), ${options.sessions} sessions over 365 days each, one \`add(…, { infer: true })\` per user message at its simulated time (\`_internal.now\`). SQLite store (\`@engram/core/sqlite\`, default durability) in a temp folder, embedder ${results.embedder} (the default offline embedder). Extraction: **rules** (no \`llm\`) and **scripted oracle** (a ChatModel that answers extraction prompts from the ground truth; not a real LLM).`,
    `With maintenance: \`lifecycle\` = \`${JSON.stringify(maintenancePolicy.lifecycle)}\`, \`maintain({ userId })\` every ${maintenancePolicy.everyDays} simulated days; consolidation (\`lifecycle.consolidate\`) ${results.consolidation ? `passed: \`${JSON.stringify(maintenancePolicy.consolidate)}\`` : "**not available in this build of core** (no `memory.consolidate()`): maintenance is archive + purge only"}. Without maintenance: no \`lifecycle\` option, no maintain().`,
  ].join("\n\n");
}

/** Renders a run as markdown: tables, targets, extraction findings. */
export function renderLifecycleReport(results: LifecycleResults): string {
  const groups = (["rules", "oracle"] as const)
    .flatMap((mode) => [aggregate(results.runs, mode, false), aggregate(results.runs, mode, true)])
    .filter((group): group is Group => group !== undefined);
  const rules = groups.find((group) => group.mode === "rules" && !group.maintenance);
  const sections = [
    header(results),
    `### Active memories after N sessions (mean per user)`,
    activeTable(groups),
    `### Active memories by type after ${results.options.sessions} sessions (mean per user)`,
    typeTable(groups),
    "### Answers",
    answerTable(groups),
    definitions,
    "### Maintenance time per user",
    maintenanceTable(groups),
    "### Targets",
    markdownTable(["run", "target", "measured", "status"], targetRows(groups)),
    "### Current-value questions by phrasing (current-fact recall@5 / stale results in the top 5)",
    questionTable(groups),
    "### asOf accuracy by slot",
    asOfTable(groups),
    ...modelSection(groups),
  ];
  if (rules) {
    sections.push(
      "### What the offline rules extract from the generated sentences (no maintenance runs, all users)",
      extractionTable(rules),
      "Templates the rules extract less than fully (extracted = all facts of the message found, or for episodes and tasks any memory):",
      templateTable(rules),
    );
  }
  const examples = groups
    .filter((group) => group.maintenance)
    .flatMap((group) => group.staleExamples.slice(0, 4).map((example) => `- ${name(group)}: ${example}`));
  if (examples.length) sections.push("### Examples of stale results", examples.join("\n"));
  return `${sections.join("\n\n")}\n`;
}
