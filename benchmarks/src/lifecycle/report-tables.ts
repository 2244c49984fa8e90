import { formatNumber, markdownTable } from "../report/markdown-table.js";
import type { Group } from "./aggregate.js";
import type { KindTally } from "./metrics.js";
import type { QuestionCounts } from "./run-result.js";
import { slots } from "./topics.js";

/** "97.5 %" (or n/a). */
export const percent = (part: number, whole: number) =>
  whole ? `${((100 * part) / whole).toFixed(1)} %` : "n/a";

/** The extraction and maintenance columns of a group's row. */
export const labels = (group: Group): [string, string] => [
  group.mode === "oracle" ? "scripted oracle" : "rules",
  group.maintenance ? "with" : "without",
];

/** "rules, with maintenance". */
export const name = (group: Group) => `${labels(group)[0]}, ${labels(group)[1]} maintenance`;

/** Active memories at each checkpoint, and with/without at the last one per mode. */
export function activeTable(groups: Group[]): string {
  const checkpoints = groups[0]?.active.map((count) => count.checkpoint) ?? [];
  return markdownTable(
    ["extraction", "maintenance", ...checkpoints.map(String), "with ÷ without at end"],
    groups.map((group) => {
      const other = groups.find((candidate) => candidate.mode === group.mode && !candidate.maintenance);
      const ratio =
        group.maintenance && other ? group.active.at(-1)!.mean / other.active.at(-1)!.mean : undefined;
      return [
        ...labels(group),
        ...group.active.map((count) => formatNumber(count.mean)),
        ratio === undefined ? "" : ratio.toFixed(2),
      ];
    }),
  );
}

/** Active memories by type at the end. */
export function typeTable(groups: Group[]): string {
  const types = [...new Set(groups.flatMap((group) => Object.keys(group.activeByType)))].sort();
  return markdownTable(
    ["extraction", "maintenance", ...types],
    groups.map((group) => [
      ...labels(group),
      ...types.map((type) => formatNumber(group.activeByType[type] ?? 0)),
    ]),
  );
}

/** Stale facts, recall, asOf accuracy and context size. */
export function answerTable(groups: Group[]): string {
  return markdownTable(
    [
      "extraction",
      "maintenance",
      "current Qs",
      "stale in top 5",
      "Qs with a stale result",
      "current-fact recall@5",
      "asOf Qs",
      "asOf accuracy",
      "context tokens / Q (mean)",
      "p95",
      "memories in context",
    ],
    groups.map((group) => [
      ...labels(group),
      group.current.questions,
      group.current.stale,
      percent(group.current.questionsWithStale, group.current.questions),
      percent(group.current.correct, group.current.questions),
      group.asOf.questions,
      percent(group.asOf.correct, group.asOf.questions),
      formatNumber(group.contextTokens.mean),
      formatNumber(group.contextTokens.p95),
      formatNumber(group.contextMemories),
    ]),
  );
}

/** Maintenance wall time and what it did. */
export function maintenanceTable(groups: Group[]): string {
  const withMaintenance = groups.filter((group) => group.maintenance && group.maintenanceTime !== undefined);
  const done = [...new Set(withMaintenance.flatMap((group) => Object.keys(group.maintenanceDone)))].sort();
  return markdownTable(
    [
      "extraction",
      "runs / user",
      "mean ms / run",
      "max ms / run",
      "total ms / user",
      ...done.map((key) => `${key} / user`),
    ],
    withMaintenance.map((group) => [
      group.mode === "oracle" ? "scripted oracle" : "rules",
      formatNumber(group.maintenanceTime?.runsPerUser),
      formatNumber(group.maintenanceTime?.meanMs),
      formatNumber(group.maintenanceTime?.maxMs),
      formatNumber(group.maintenanceTime?.totalPerUserMs),
      ...done.map((key) => formatNumber(group.maintenanceDone[key] ?? 0)),
    ]),
  );
}

const cell = (counts: QuestionCounts | undefined, stale: boolean) => {
  if (!counts) return "n/a";
  const share = percent(counts.correct, counts.questions);
  return stale ? `${share} / ${counts.stale}` : share;
};

/** Current-fact recall@5 and stale results in the top 5 by question, for the given groups. */
export function questionTable(groups: Group[]): string {
  return markdownTable(
    ["slot", "question", ...groups.map((group) => `${name(group)}: recall@5 / stale`)],
    slots.flatMap((slot) =>
      slot.questions.map((question) => [
        slot.name,
        question,
        ...groups.map((group) => cell(group.currentByQuestion[question], true)),
      ]),
    ),
  );
}

/** asOf accuracy by slot, for the given groups. */
export function asOfTable(groups: Group[]): string {
  return markdownTable(
    ["slot", "question", ...groups.map((group) => `${name(group)}: asOf accuracy`)],
    slots.map((slot) => [
      slot.name,
      slot.questions[0],
      ...groups.map((group) => cell(group.asOfBySlot[slot.name], false)),
    ]),
  );
}

/** What the rules made of each kind of message. */
export function extractionTable(group: Group): string {
  const row = (kind: string, tally: KindTally) => {
    const facts = kind === "episode" || kind === "task" ? tally.messages : tally.facts;
    const found = kind === "repeat" ? tally.recognised + tally.storedAgain : tally.extracted;
    return [
      kind,
      tally.messages,
      kind === "smalltalk" ? "" : facts,
      kind === "smalltalk" ? "" : found,
      kind === "repeat" ? tally.recognised : "",
      kind === "repeat" ? tally.storedAgain : "",
      kind === "smalltalk" ? tally.falsePositives : "",
      kind === "smalltalk" ? percent(tally.falsePositives, tally.messages) : percent(facts - found, facts),
    ];
  };
  return markdownTable(
    [
      "message kind",
      "messages",
      "facts / items",
      "extracted",
      "known (NONE)",
      "stored again",
      "false positives",
      "miss rate",
    ],
    Object.entries(group.extraction.byKind).map(([kind, tally]) => row(kind, tally)),
  );
}

/** Templates by extraction rate, lowest first (those never or rarely extracted are the findings). */
export function templateTable(group: Group, below = 1): string {
  const rows = Object.entries(group.extraction.byTemplate)
    .filter(([, counts]) => counts.kind !== "smalltalk" && counts.hits / counts.messages < below)
    .sort(([a, x], [b, y]) => x.hits / x.messages - y.hits / y.messages || a.localeCompare(b));
  return markdownTable(
    ["kind", "template", "messages", "extracted"],
    rows.map(([template, counts]) => [
      counts.kind,
      `\`${template}\``,
      counts.messages,
      percent(counts.hits, counts.messages),
    ]),
  );
}
