import { type ArchivePolicy, parseDuration, type ResolvedLifecycle } from "../memory/lifecycle-options.js";
import { scopeOf } from "../scope.js";
import type { MemoryRecord } from "../types.js";
import { type Claims, type PlannedStep, plannedStep } from "./planned-step.js";

/**
 * EXPIRE steps: memories of a type with a TTL policy that have no expiry (written before the policy) get the
 * expiry a new one would get, counted from when they became valid, and never earlier than now (so `asOf` before
 * the run still shows them).
 */
export function planExpiry(
  records: MemoryRecord[],
  lifecycle: ResolvedLifecycle,
  now: Date,
  claims: Claims,
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const record of records) {
    const ttl = lifecycle.ttl.get(record.type);
    if (ttl === undefined || record.expiresAt !== undefined || !claims.free(record)) continue;
    const due = Math.max(Date.parse(record.validFrom) + ttl, now.getTime());
    const expiresAt = new Date(due).toISOString();
    claims.claim(record);
    steps.push(
      plannedStep(
        {
          op: "EXPIRE",
          memoryIds: [record.id],
          expiresAt,
          reason: `the TTL policy of ${record.type} memories applies to it too`,
          by: "rules",
        },
        { event: "UPDATE", target: record, expiresAt, expire: true },
        scopeOf(record),
      ),
    );
  }
  return steps;
}

/** ARCHIVE steps: memories nobody read (or changed) for longer than an archive policy allows. */
export function planArchive(
  records: MemoryRecord[],
  policies: ArchivePolicy[],
  now: Date,
  claims: Claims,
): PlannedStep[] {
  const cutoffs = policies.map((policy) => ({
    before: new Date(
      now.getTime() - parseDuration(policy.unaccessedFor, "archive.unaccessedFor"),
    ).toISOString(),
    types: policy.types ? new Set<string>(policy.types) : undefined,
    policy,
  }));
  const steps: PlannedStep[] = [];
  for (const record of records) {
    if (!claims.free(record)) continue;
    const seen = record.lastAccessedAt ?? record.updatedAt;
    const cutoff = cutoffs.find((cut) => seen < cut.before && (!cut.types || cut.types.has(record.type)));
    if (!cutoff) continue;
    claims.claim(record);
    steps.push(
      plannedStep(
        {
          op: "ARCHIVE",
          memoryIds: [record.id],
          reason: `not read or changed for ${String(cutoff.policy.unaccessedFor)}`,
          by: "rules",
        },
        { event: "UPDATE", target: record, archived: true },
        scopeOf(record),
      ),
    );
  }
  return steps;
}
