import { scopeOf } from "../scope.js";
import type { MemoryRecord } from "../types.js";
import { type Claims, chronological, groupBy, type PlannedStep, plannedStep } from "./planned-step.js";
import type { ContentSignature } from "./content-signature.js";

/** What the contradiction finder needs about one reconciliation group. */
export interface ContradictionInput {
  /** The group's active memories, in chronological order. */
  records: MemoryRecord[];
  /** The content signature of each. */
  signatures: Map<MemoryRecord, ContentSignature>;
  /** Memories taken by earlier steps. */
  claims: Claims;
  /** Only contradictions involving a memory changed at or after this time (ISO 8601). */
  since?: string;
}

function touchedSince(since: string | undefined, ...records: MemoryRecord[]): boolean {
  return since === undefined || records.some((record) => record.updatedAt >= since);
}

function supersede(old: MemoryRecord, by: MemoryRecord, reason: string): PlannedStep {
  return plannedStep(
    { op: "SUPERSEDE", memoryIds: [old.id], targetId: by.id, reason, by: "rules" },
    { event: "SUPERSEDE", target: old, by, reason },
    scopeOf(old),
  );
}

/**
 * Contradictions the add path missed (concurrent writers, other runs, memories written before their rule):
 * several current values of one single-valued slot (the newest stays), a statement and its opposite with the
 * same content ("Likes jazz" then "Doesn't like jazz": the newer stays), and memories a `feedback()` correction
 * is about (the correction replaces them).
 */
export function findContradictions(input: ContradictionInput): PlannedStep[] {
  const { records, signatures, claims, since } = input;
  const steps: PlannedStep[] = [];
  // Corrections first: a person said the memory is wrong and what is right.
  const byId = new Map(records.map((record) => [record.id, record]));
  for (const correction of records) {
    if (correction.type !== "feedback" || correction.metadata.helpful === true) continue;
    const about = correction.metadata.about;
    const target = typeof about === "string" ? byId.get(about) : undefined;
    if (!target || target.updatedAt > correction.createdAt || !claims.free(target)) continue;
    if (!touchedSince(since, target, correction)) continue;
    claims.claim(target);
    steps.push(supersede(target, correction, "a feedback correction says what is right instead"));
  }
  for (const [slot, holders] of groupBy(
    records.filter((record) => record.slot !== undefined),
    (record) => record.slot!,
  )) {
    if (holders.length < 2) continue;
    const ordered = [...holders].sort(chronological);
    const newest = ordered[ordered.length - 1]!;
    for (const old of ordered.slice(0, -1)) {
      if (!claims.free(old, newest) || !touchedSince(since, old, newest)) continue;
      claims.claim(old);
      steps.push(supersede(old, newest, `a newer memory holds the single-valued "${slot}"`));
    }
  }
  // Same content and operators, opposite sense: the newest statement is the current one.
  const sameContent = groupBy(
    records.filter((record) => record.type !== "feedback" && (signatures.get(record)?.terms.size ?? 0) > 0),
    (record) => {
      const signature = signatures.get(record)!;
      return JSON.stringify([record.type, [...signature.terms].sort(), signature.operators]);
    },
  );
  for (const group of sameContent.values()) {
    const ordered = [...group].sort(chronological);
    const newest = ordered[ordered.length - 1]!;
    const sense = signatures.get(newest)!.negative;
    for (const old of ordered.slice(0, -1)) {
      if (signatures.get(old)!.negative === sense) continue;
      if (!claims.free(old, newest) || !touchedSince(since, old, newest)) continue;
      claims.claim(old);
      steps.push(supersede(old, newest, "a newer memory says the opposite"));
    }
  }
  return steps;
}
