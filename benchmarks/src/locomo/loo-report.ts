import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { dragonAnchor } from "./anchors.js";
import { defaultContextWindow } from "@engram/core";
import { candidateLabel } from "./candidate-defaults.js";
import { pooledRecall10 } from "./leave-one-out.js";
import type { LeaveOneOutReport, RunsByConversation } from "./loo-run.js";
import { summarizeMetrics } from "./metrics.js";

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / (values.length || 1);

/** The folds: each held-out conversation scored with the setting chosen on the others, then their mean. */
export function foldTable(report: LeaveOneOutReport): string {
  const rows = report.folds.map((fold) => [
    fold.heldOut,
    fold.tuning.join(" + "),
    candidateLabel(fold.chosen),
    formatNumber(fold.tuningRecall10),
    fold.heldOutMetrics.count,
    formatNumber(fold.heldOutMetrics.recall[5]),
    formatNumber(fold.heldOutMetrics.recall[10]),
    formatNumber(fold.heldOutMetrics.recall[25]),
    Math.round(fold.heldOutTokens10),
  ]);
  const of = (pick: (fold: LeaveOneOutReport["folds"][number]) => number) => mean(report.folds.map(pick));
  rows.push([
    "**mean of held-out**",
    "",
    "",
    "",
    "",
    formatNumber(of((fold) => fold.heldOutMetrics.recall[5]!)),
    `**${formatNumber(of((fold) => fold.heldOutMetrics.recall[10]!))}**`,
    formatNumber(of((fold) => fold.heldOutMetrics.recall[25]!)),
    Math.round(of((fold) => fold.heldOutTokens10)),
  ]);
  return markdownTable(
    ["held out", "tuned on", "chosen", "R@10 tuning", "questions", "R@5", "R@10", "R@25", "tokens@10"],
    rows,
  );
}

/** Every grid point's R@10 on every conversation (what the folds chose from). */
export function gridTable(report: LeaveOneOutReport): string {
  const rows = report.candidates.map((entry) => [
    candidateLabel(entry.candidate),
    ...report.ids.map((id) => formatNumber(pooledRecall10(entry, [id]))),
    formatNumber(mean(report.ids.map((id) => pooledRecall10(entry, [id])))),
  ]);
  return markdownTable(["candidate", ...report.ids.map((id) => `R@10 ${id}`), "mean"], rows);
}

function conversationMetric(runs: RunsByConversation, id: string, k: number): number {
  const run = runs.get(id)!;
  return summarizeMetrics(
    run.outcomes.map((outcome) => outcome.metrics),
    [k],
  ).recall[k]!;
}

/** Zero-config (no options) per message shape: R@10 per conversation and the means of R@5/R@10/R@25 and tokens@10. */
export function variantTable(report: LeaveOneOutReport): string {
  const rows = report.variants.map(({ variant, runs }) => {
    const at = (k: number) => mean(report.ids.map((id) => conversationMetric(runs, id, k)));
    return [
      variant.label,
      ...report.ids.map((id) => formatNumber(conversationMetric(runs, id, 10))),
      formatNumber(at(5)),
      `**${formatNumber(at(10))}**`,
      formatNumber(at(25)),
      Math.round(mean(report.ids.map((id) => runs.get(id)!.contextTokens[10] ?? 0))),
    ];
  });
  rows.push([
    `${dragonAnchor.name}* (${dragonAnchor.source})`,
    ...report.ids.map(() => "–"),
    formatNumber(dragonAnchor.recall.all![5]),
    formatNumber(dragonAnchor.recall.all![10]),
    formatNumber(dragonAnchor.recall.all![25]),
    "–",
  ]);
  return markdownTable(
    [
      "messages passed (no options)",
      ...report.ids.map((id) => `R@10 ${id}`),
      "R@5",
      "R@10",
      "R@25",
      "tokens@10",
    ],
    rows,
  );
}

/** Which candidate all conversations choose, and whether core's default is that one. */
function shippedLine(report: LeaveOneOutReport): string {
  const shipped = { before: defaultContextWindow.before, after: defaultContextWindow.after };
  const same = shipped.before === report.chosenOnAll.before && shipped.after === report.chosenOnAll.after;
  return `Chosen on all ${report.ids.length} conversations: **${candidateLabel(report.chosenOnAll)}**; core's \`defaultContextWindow\` is ${candidateLabel(shipped)}${same ? " (the same)" : " (**differs**: the reason is in defaultContextWindow's comment; its own row is in the grid)"}. The mean of held-out conversations is the honest estimate of this choice on unseen conversations.`;
}

/** The whole leave-one-out section of the report. */
export function leaveOneOutSection(report: LeaveOneOutReport): string {
  return [
    "## Zero-config recall, leave one conversation out",
    "The public API only: `new Memory()` (default embedder; in-memory store), `add(messages, { userId })` per session with `{ role, content, name, id, timestamp }`, `search(question, { userId, limit })`. Each fold chooses from the pre-declared grid (candidate-defaults.ts) on the other conversations and is scored on the held-out one.",
    "### Held-out conversations",
    foldTable(report),
    shippedLine(report),
    "### The grid (explicit contextWindow, natural messages)",
    gridTable(report),
    "### Zero-config by message shape (the shipped defaults, no options)",
    variantTable(report),
    "*DRAGON is over all ten LoCoMo conversations; the means here are over the conversations given to --data.",
  ].join("\n\n");
}
