import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { anchors } from "./anchors.js";
import type { SystemEvaluation } from "./evaluate.js";
import { categoryNames } from "./locomo-types.js";

const groupLabel = (group: string) =>
  group === "all"
    ? "**all**"
    : group === "1-4"
      ? "cats 1–4"
      : `${group} ${categoryNames[Number(group)] ?? "unknown"}`;

const orderedGroups = (evaluation: SystemEvaluation) => [
  ...Object.keys(evaluation.groups)
    .filter((group) => /^\d+$/u.test(group))
    .sort((a, b) => Number(a) - Number(b)),
  "1-4",
  "all",
];

/** A full metric table for one system: recall@k, hit@k, MRR and nDCG@10 per category. */
export function systemTable(evaluation: SystemEvaluation, ks: readonly number[]): string {
  const headers = ["category", "n", ...ks.map((k) => `R@${k}`), "hit@1", "hit@10", "MRR", "nDCG@10"];
  const rows = orderedGroups(evaluation).map((group) => {
    const summary = evaluation.groups[group]!;
    return [
      groupLabel(group),
      summary.count,
      ...ks.map((k) => formatNumber(summary.recall[k])),
      formatNumber(summary.hit[1]),
      formatNumber(summary.hit[10]),
      formatNumber(summary.mrr),
      formatNumber(summary.ndcg10),
    ];
  });
  return markdownTable(headers, rows);
}

/** Recall@k of every system beside the published anchors, by category. */
export function anchorTable(evaluations: SystemEvaluation[], k: 5 | 10 | 25 | 50): string {
  const groups = evaluations[0] ? orderedGroups(evaluations[0]) : [];
  const headers = [
    "category",
    ...evaluations.map((evaluation) => evaluation.name),
    ...anchors.map((anchor) => `${anchor.name}*`),
  ];
  const rows = groups.map((group) => [
    groupLabel(group),
    ...evaluations.map((evaluation) => formatNumber(evaluation.groups[group]?.recall[k])),
    ...anchors.map((anchor) => formatNumber(anchor.recall[group]?.[k])),
  ]);
  return `${markdownTable(headers, rows)}\n\n*Published anchors are over all ten LoCoMo conversations (1,982 QAs with evidence); ours are over the data given to --data.`;
}

/** Cost and speed of each system: memories, ingest time, search latency, context tokens. */
export function costTable(evaluations: SystemEvaluation[], ks: readonly number[]): string {
  return markdownTable(
    [
      "system",
      "memories",
      "ingest s",
      "search p50 ms",
      "search p95 ms",
      ...ks.filter((k) => k >= 5).map((k) => `tokens@${k}`),
    ],
    evaluations.map((evaluation) => [
      evaluation.name,
      evaluation.memories,
      formatNumber(evaluation.ingestSeconds),
      formatNumber(evaluation.searchLatency.p50),
      formatNumber(evaluation.searchLatency.p95),
      ...ks.filter((k) => k >= 5).map((k) => formatNumber(evaluation.contextTokens[k])),
    ]),
  );
}

/** LLM-judge accuracy (the Mem0 paper's J) by category, for systems run with --llm. */
export function judgeTable(evaluations: SystemEvaluation[]): string {
  const judged = evaluations.filter((evaluation) => evaluation.judged);
  const groups = ["1", "2", "3", "4", "1-4"];
  return markdownTable(
    ["category", ...judged.map((evaluation) => `${evaluation.name} J`), "n"],
    groups.map((group) => [
      groupLabel(group),
      ...judged.map((evaluation) => formatNumber(evaluation.judged?.[group]?.accuracy)),
      judged[0]?.judged?.[group]?.count ?? 0,
    ]),
  );
}
