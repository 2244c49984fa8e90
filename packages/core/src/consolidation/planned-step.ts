import { createHash } from "node:crypto";
import type { MemoryOperation } from "../memory/memory-operation.js";
import type { MemoryRecord, Scope } from "../types.js";
import { type ConsolidationOp, type ConsolidationStep, consolidationOps } from "./consolidation-options.js";

/** A step as planned: its public description plus the operation that applies it. */
export interface PlannedStep {
  /** What the report shows. */
  step: ConsolidationStep;
  /** The write that applies it. */
  operation: MemoryOperation;
  /** The scope new memories of the step get (a summary's scope). */
  scope: Scope;
  /** Sort key: the op's place in `consolidationOps`, then the id (the cursor compares these). */
  order: string;
}

/** A stable step id: the op and a short hash of the memories it touches. */
export function stepId(op: ConsolidationOp, ids: string[]): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([op, ...ids]))
    .digest("hex")
    .slice(0, 16);
  return `${op.toLowerCase()}-${digest}`;
}

/** Builds a planned step; its id comes from the op and the memories touched. */
export function plannedStep(
  fields: Omit<ConsolidationStep, "id" | "status">,
  operation: MemoryOperation,
  scope: Scope,
): PlannedStep {
  const id = stepId(fields.op, [...(fields.targetId ? [fields.targetId] : []), ...fields.memoryIds]);
  const order = `${consolidationOps.indexOf(fields.op)}:${id}`;
  return { step: { id, ...fields, status: "planned" }, operation, scope, order };
}

/** Memories already taken by an earlier step of the plan: each memory is in at most one step. */
export class Claims {
  private readonly taken = new Set<string>();

  /** True when none of the memories is taken. */
  free(...records: MemoryRecord[]): boolean {
    return records.every((record) => !this.taken.has(record.id));
  }

  /** Takes the memories. */
  claim(...records: MemoryRecord[]): void {
    for (const record of records) this.taken.add(record.id);
  }
}

/** Groups records by a key, keeping first-seen order inside each group. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Orders records the same way on every run: by validFrom, then id. */
export function chronological(a: MemoryRecord, b: MemoryRecord): number {
  return a.validFrom < b.validFrom
    ? -1
    : a.validFrom > b.validFrom
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}
