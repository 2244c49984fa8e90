import { scopeOf } from "../scope.js";
import type { MemoryRecord } from "../types.js";
import { type ContentSignature, isSubset, termOverlap } from "./content-signature.js";
import { type Claims, groupBy, type PlannedStep, plannedStep } from "./planned-step.js";

/** What the duplicate finder needs about one reconciliation group. */
export interface DuplicateInput {
  /** The group's active memories that may be merged (not episodes, summaries or feedback). */
  records: MemoryRecord[];
  /** The content signature of each. */
  signatures: Map<MemoryRecord, ContentSignature>;
  /** Memories taken by earlier steps. */
  claims: Claims;
  /** Only merges involving a memory changed at or after this time (ISO 8601). */
  since?: string;
}

/**
 * Two memories that look alike (most terms shared) or speak of the same thing (same first content term and
 * operators: "Lives in Porto", "Lives in Lyon") but that the rules do not merge: a model may judge them.
 */
export interface BorderlinePair {
  /** One memory. */
  a: MemoryRecord;
  /** The other. */
  b: MemoryRecord;
}

/** What the duplicate finder found. */
export interface FoundDuplicates {
  /** MERGE steps the rules are sure of. */
  steps: PlannedStep[];
  /** Look-alikes left for a model. */
  borderline: BorderlinePair[];
}

/** Most look-alike pairs collected per group (the report counts them; a model judges a bounded number). */
const maxBorderline = 500;
/** Shared-term ratio from which two memories count as look-alikes. */
const borderlineOverlap = 0.5;

/** Says more first: more content terms, then longer text, then newer, then id. */
function richerFirst(signatures: Map<MemoryRecord, ContentSignature>) {
  return (a: MemoryRecord, b: MemoryRecord): number => {
    const terms = signatures.get(b)!.terms.size - signatures.get(a)!.terms.size;
    if (terms) return terms;
    if (a.memory.length !== b.memory.length) return b.memory.length - a.memory.length;
    if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * Near-duplicates within each type of a group: a memory whose content terms are all in a richer memory with the
 * same sense and operators ("Loves sushi" and "Really loves sushi", "Lives in Porto" and "Lives in Porto,
 * Portugal") is merged into it. Memories are visited richest first and only merged into memories that stay, so
 * nothing kept is itself merged, and a second run finds nothing new.
 */
export function findDuplicates(input: DuplicateInput): FoundDuplicates {
  const { signatures, claims, since } = input;
  const steps: PlannedStep[] = [];
  const borderline: BorderlinePair[] = [];
  for (const group of groupBy(input.records, (record) => record.type).values()) {
    const ordered = group
      .filter((record) => claims.free(record) && signatures.get(record)!.terms.size > 0)
      .sort(richerFirst(signatures));
    const kept: MemoryRecord[] = [];
    const postings = new Map<string, number[]>();
    const merged = new Map<MemoryRecord, MemoryRecord[]>();
    for (const record of ordered) {
      const signature = signatures.get(record)!;
      // Candidates share the memory's rarest term among those kept so far.
      let rarest: number[] | undefined;
      for (const term of signature.terms) {
        const list = postings.get(term) ?? [];
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      let into: MemoryRecord | undefined;
      for (const index of rarest ?? []) {
        const candidate = kept[index]!;
        const other = signatures.get(candidate)!;
        if (other.negative !== signature.negative || other.operators !== signature.operators) continue;
        if (record.slot !== undefined && candidate.slot !== undefined && record.slot !== candidate.slot)
          continue;
        if (!isSubset(signature.terms, other.terms)) continue;
        if (since !== undefined && record.updatedAt < since && candidate.updatedAt < since) continue;
        into = candidate;
        break;
      }
      if (into) {
        merged.get(into)!.push(record);
        continue;
      }
      if (borderline.length < maxBorderline) {
        const seen = new Set<number>();
        for (const term of signature.terms)
          for (const index of postings.get(term) ?? []) {
            if (seen.has(index) || borderline.length >= maxBorderline) continue;
            seen.add(index);
            const candidate = kept[index]!;
            const other = signatures.get(candidate)!;
            const sameSubject = other.head === signature.head && other.operators === signature.operators;
            if (sameSubject || termOverlap(signature.terms, other.terms) >= borderlineOverlap)
              borderline.push({ a: candidate, b: record });
          }
      }
      const index = kept.push(record) - 1;
      merged.set(record, []);
      for (const term of signature.terms) {
        const list = postings.get(term);
        if (list) list.push(index);
        else postings.set(term, [index]);
      }
    }
    for (const [target, duplicates] of merged) {
      if (!duplicates.length) continue;
      claims.claim(target, ...duplicates);
      steps.push(
        plannedStep(
          {
            op: "MERGE",
            memoryIds: duplicates.map((duplicate) => duplicate.id),
            targetId: target.id,
            memory: target.memory,
            reason: `${duplicates.length === 1 ? "a near-duplicate says" : `${duplicates.length} near-duplicates say`} nothing this memory does not`,
            by: "rules",
          },
          { event: "MERGE", target, merged: duplicates },
          scopeOf(target),
        ),
      );
    }
  }
  return { steps, borderline };
}
