import { scopeFields } from "../scope.js";
import type { Scope } from "../types.js";

const columns = { userId: "user_id", agentId: "agent_id", runId: "run_id" } as const;

/** A SQL condition (with its parameters) matching rows of the scope; an empty scope matches every row. */
export function scopeCondition(scope: Scope): { sql: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  for (const field of scopeFields) {
    const value = scope[field];
    if (value === undefined) continue;
    parts.push(`${columns[field]} = ?`);
    values.push(value);
  }
  return { sql: parts.length ? parts.join(" AND ") : "1 = 1", values };
}
