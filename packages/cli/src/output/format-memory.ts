import type { HistoryEntry, MemoryItem, ScopeSummary, ScoredMemoryItem } from "@engram/core";
import type { Colors } from "./output.js";

/** The scope fields of an item, e.g. "user=alice agent=planner". */
export function formatScope(scope: { userId?: string; agentId?: string; runId?: string }): string {
  const parts: string[] = [];
  if (scope.userId !== undefined) parts.push(`user=${scope.userId}`);
  if (scope.agentId !== undefined) parts.push(`agent=${scope.agentId}`);
  if (scope.runId !== undefined) parts.push(`run=${scope.runId}`);
  return parts.join(" ");
}

/** One line per memory: id, state, type and text. */
export function formatMemoryLine(item: MemoryItem, colors: Colors): string {
  const state = item.state === "active" ? colors.green(item.state) : colors.yellow(item.state);
  return `${colors.dim(item.id)}  ${state}  ${colors.cyan(item.type)}  ${item.memory}`;
}

/** A search hit with its score and the explanation of the score. */
export function formatSearchHit(item: ScoredMemoryItem, colors: Colors): string {
  const lines = [`${colors.bold(item.score.toFixed(3))}  ${formatMemoryLine(item, colors)}`];
  const why = item.explanation;
  if (why) {
    const terms = why.matchedTerms.length ? ` terms=${why.matchedTerms.join(",")}` : "";
    lines.push(
      colors.dim(
        `       vector=${why.vector.toFixed(3)} keyword=${why.keyword.toFixed(3)} relevance=${why.relevance.toFixed(3)} recency=${why.recency.toFixed(3)} type=${why.typeWeight.toFixed(2)} importance=${why.importanceFactor.toFixed(2)} access=${why.access.toFixed(2)}${terms}`,
      ),
    );
  }
  return lines.join("\n");
}

/** A memory's fields and its history, oldest first. */
export function formatShow(item: MemoryItem, history: HistoryEntry[], colors: Colors): string {
  const lines = [
    colors.bold(item.memory),
    `id        ${item.id} (version ${item.version})`,
    `state     ${item.state}   type ${item.type}   ${formatScope(item)}`,
    `valid     ${item.validFrom} → ${item.validTo ?? "now"}`,
    `created   ${item.createdAt}   updated ${item.updatedAt}`,
  ];
  if (Object.keys(item.metadata).length) lines.push(`metadata  ${JSON.stringify(item.metadata)}`);
  if (item.supersededBy) lines.push(`superseded by ${item.supersededBy}`);
  lines.push("", colors.bold("history"));
  for (const entry of history) {
    const change =
      entry.erased === true
        ? colors.dim("(content erased)")
        : [entry.previousValue, entry.newValue].filter((value) => value !== null).join(" → ");
    lines.push(
      `  ${entry.createdAt}  ${colors.cyan(entry.event.padEnd(10))} ${entry.actor.padEnd(16)} ${change}`,
    );
  }
  return lines.join("\n");
}

/** One line per scope with its counts. */
export function formatScopes(scopes: ScopeSummary[], colors: Colors): string {
  if (scopes.length === 0) return "No scopes hold memories.";
  return scopes
    .map(
      (scope) =>
        `${formatScope(scope).padEnd(40)} ${colors.green(`${scope.counts.active} active`)}  ${scope.counts.total} total`,
    )
    .join("\n");
}
