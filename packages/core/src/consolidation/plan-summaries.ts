import { scopeOf } from "../scope.js";
import { dayMonthYear, monthNames } from "../text/calendar.js";
import type { MemoryRecord, MemoryType } from "../types.js";
import { type Claims, chronological, groupBy, type PlannedStep, plannedStep } from "./planned-step.js";
import type { ResolvedConsolidationPolicy } from "./consolidation-options.js";

type SummaryPolicy = Exclude<ResolvedConsolidationPolicy["summarize"], false>;

/** A calendar period (UTC): its key, its words, and when it ends. */
export interface Period {
  /** "2026-03", "2026-03-02" (a week, by its Monday) or "2026-03-05". */
  key: string;
  /** "March 2026", "the week of 2 March 2026", "5 March 2026". */
  label: string;
  /** The first instant after the period (ISO 8601). */
  end: string;
}

/** The period of a time (ISO 8601). */
export function periodOf(time: string, period: SummaryPolicy["period"]): Period {
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (period === "month") {
    return {
      key: `${year}-${String(month + 1).padStart(2, "0")}`,
      label: `${monthNames[month]} ${year}`,
      end: new Date(Date.UTC(year, month + 1, 1)).toISOString(),
    };
  }
  const start = new Date(Date.UTC(year, month, date.getUTCDate()));
  if (period === "week") start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + (period === "week" ? 7 : 1));
  const key = start.toISOString().slice(0, 10);
  return {
    key,
    label: period === "week" ? `the week of ${dayMonthYear(start)}` : dayMonthYear(start),
    end: end.toISOString(),
  };
}

// First words that start an episode in the past tense ("Went hiking", "Finished the report"): lowercased inside
// a summary sentence. Anything else (a name, "I") keeps its capital.
const irregularPast = new Set(
  "went had got saw met took made began ran ate bought found gave left read won lost spent wrote flew drove came did tried sold sent told thought felt heard kept paid brought built caught chose drank forgot grew hid held knew led lent rode rang rose sang sat slept spoke stood swam taught threw understood woke wore".split(
    " ",
  ),
);

function clause(text: string): string {
  const trimmed = text.trim().replace(/[.!?;]+$/u, "");
  const first = /^\p{L}+/u.exec(trimmed)?.[0] ?? "";
  const lower = first.toLowerCase();
  const past =
    first.length > 1 &&
    first === first[0] + first.slice(1).toLowerCase() &&
    (lower.endsWith("ed") || irregularPast.has(lower));
  return past ? lower + trimmed.slice(first.length) : trimmed;
}

/** Most characters of the condensed texts kept as a summary's search context. */
const maxContextChars = 8000;

/**
 * The offline summary of a period's memories: "In March 2026: went hiking with Sam; finished the report." within
 * `maxChars`; when they do not all fit, the most important are kept (in time order) and the rest counted.
 */
export function summaryText(label: string, records: MemoryRecord[], maxChars: number): string {
  const head = `In ${label}: `;
  const clauses = records.map((record) => clause(record.memory));
  const whole = `${head}${clauses.join("; ")}.`;
  if (whole.length <= maxChars) return whole;
  const ranked = records
    .map((record, index) => ({ index, importance: record.importance ?? 0.5 }))
    .sort((a, b) => b.importance - a.importance || a.index - b.index);
  const chosen = new Set<number>();
  let length = head.length + 1;
  for (const { index } of ranked) {
    const more = ` … and ${records.length - chosen.size - 1} more`;
    const cost = clauses[index]!.length + 2;
    if (length + cost + more.length > maxChars) continue;
    chosen.add(index);
    length += cost;
  }
  const kept = clauses.filter((_, index) => chosen.has(index));
  const rest = records.length - kept.length;
  const text = `${head}${kept.join("; ")}${rest ? `${kept.length ? " …" : "…"} and ${rest} more` : ""}.`;
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** The condensed texts, indexed with the summary so a search for a detail still finds it. */
export function summaryContext(records: MemoryRecord[]): string {
  const text = records.map((record) => record.memory.replace(/\s+/gu, " ").trim()).join("\n");
  return text.length <= maxContextChars ? text : text.slice(0, maxContextChars);
}

/** A period's memories to condense, before the summary text is written. */
export interface SummaryCluster {
  /** The memories, in time order. */
  records: MemoryRecord[];
  /** Their period. */
  period: Period;
  /** The summary's type. */
  type: MemoryType;
}

/**
 * Groups the old memories of the summarised types by exact scope and period; a period is condensed once it
 * ended `olderThan` ago and holds at least `minMemories` unclaimed memories.
 */
export function findSummaryClusters(
  records: MemoryRecord[],
  policy: SummaryPolicy,
  now: Date,
  claims: Claims,
  since: string | undefined,
): SummaryCluster[] {
  const cutoff = new Date(now.getTime() - policy.olderThanMs).toISOString();
  const types = new Set(policy.types);
  const eligible = records.filter(
    (record) => types.has(record.type) && record.derivedFrom === undefined && claims.free(record),
  );
  const clusters: SummaryCluster[] = [];
  const groups = groupBy(eligible, (record) => {
    const scope = scopeOf(record);
    return JSON.stringify([
      scope.userId ?? null,
      scope.agentId ?? null,
      scope.runId ?? null,
      periodOf(record.validFrom, policy.period).key,
    ]);
  });
  for (const group of groups.values()) {
    const period = periodOf(group[0]!.validFrom, policy.period);
    if (period.end > cutoff || group.length < policy.minMemories) continue;
    if (since !== undefined && !group.some((record) => record.updatedAt >= since)) continue;
    const ordered = [...group].sort(chronological);
    claims.claim(...ordered);
    clusters.push({ records: ordered, period, type: "summary" });
  }
  return clusters;
}

/** The SUMMARIZE step of a cluster with its summary text (from the rules or the model). */
export function summaryStep(cluster: SummaryCluster, text: string, by: "rules" | "model"): PlannedStep {
  const { records, period } = cluster;
  const importance = Math.max(...records.map((record) => record.importance ?? 0.5));
  return plannedStep(
    {
      op: "SUMMARIZE",
      memoryIds: records.map((record) => record.id),
      memory: text,
      reason: `${records.length} memories of ${period.label} condensed into one summary`,
      by,
    },
    {
      event: "SUMMARIZE",
      memory: text,
      type: cluster.type,
      metadata: { period: period.key, condensed: records.length },
      context: summaryContext(records),
      from: records,
      importance,
    },
    scopeOf(records[0]!),
  );
}
