import { InvalidArgumentError } from "../errors/index.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import { byIdScope, scopeFields, scopeOf } from "../scope.js";
import { listPages } from "../store/list-pages.js";
import { memoryState } from "../store/validity.js";
import type { MemoryRecord } from "../types.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { applyOperations } from "./apply-operations.js";
import { checkActor } from "./by-id-writes.js";
import { type ArchivePolicy, checkArchivePolicies, parseDuration } from "./lifecycle-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { ByIdScope } from "./memory-options.js";
import type { MemoryOperation } from "./memory-operation.js";
import { purgeExpired } from "./purge-expired.js";

/** Options of `maintain()`: a scope (or `{ anyScope: true }`) plus `MaintainSettings`. */
export type MaintainOptions = ByIdScope & MaintainSettings;

/** What a maintenance run does besides choosing the scope. */
export interface MaintainSettings {
  /** Archive policies. @default the Memory's `lifecycle.archive` */
  archive?: ArchivePolicy[];
  /** Forget memories expired at least this long ago; false to keep them. @default the Memory's `lifecycle.purgeExpiredAfter`, else false */
  purgeExpiredAfter?: string | number | false;
  /** Plan only: report what would change, change nothing. @default false */
  dryRun?: boolean;
  /** Told after each step with what was done so far. */
  onProgress?: (progress: MaintainReport) => void;
  /** Who is recorded in history. @default "maintenance" */
  actor?: string;
}

/** What a maintenance run did (or, with `dryRun`, would do). */
export interface MaintainReport {
  /** Ids of the memories archived. */
  archived: string[];
  /** How many expired memories were forgotten (with `dryRun`, how many would be). */
  purged: number;
  /** How many changes the write guards refused. */
  refused: number;
  /** True when nothing was changed because of `dryRun`. */
  dryRun: boolean;
}

const writeSize = 500;

/**
 * Implements `memory.maintain()`: applies the archive policies to the scope's active memories and forgets those
 * expired long enough ago, as guarded, versioned writes with history (or only plans them with `dryRun`).
 */
export async function maintain(
  context: MemoryContext,
  settings: ExtractionSettings,
  options: MaintainOptions,
  defaults: { archive: ArchivePolicy[]; purgeExpiredAfter?: string | number },
): Promise<MaintainReport> {
  const scope = byIdScope(options, "maintain");
  checkKnownKeys(
    options,
    [...scopeFields, "anyScope", "archive", "purgeExpiredAfter", "dryRun", "onProgress", "actor"],
    "options",
  );
  const policies =
    options.archive === undefined
      ? defaults.archive
      : checkArchivePolicies(options.archive, "options.archive");
  const purgeAfter =
    options.purgeExpiredAfter === undefined ? defaults.purgeExpiredAfter : options.purgeExpiredAfter;
  if (purgeAfter !== undefined && purgeAfter !== false)
    parseDuration(purgeAfter, "options.purgeExpiredAfter");
  if (options.dryRun !== undefined && typeof options.dryRun !== "boolean")
    throw new InvalidArgumentError({ argument: "options.dryRun", message: "expected true or false." });
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    throw new InvalidArgumentError({ argument: "options.onProgress", message: "expected a function." });
  const actor = checkActor(options.actor) ?? "maintenance";
  const dryRun = options.dryRun ?? false;
  const report: MaintainReport = { archived: [], purged: 0, refused: 0, dryRun };
  const now = context.now();
  const at = now.toISOString();
  const cutoffs = policies.map((policy) => ({
    before: new Date(
      now.getTime() - parseDuration(policy.unaccessedFor, "archive.unaccessedFor"),
    ).toISOString(),
    types: policy.types ? new Set<string>(policy.types) : undefined,
  }));
  const stale: MemoryRecord[] = [];
  if (cutoffs.length) {
    for await (const page of listPages(context.store, { scope, limit: writeSize, asOf: at })) {
      for (const record of page.records) {
        if (memoryState(record, at) !== "active") continue;
        const seen = record.lastAccessedAt ?? record.updatedAt;
        if (
          cutoffs.some((cutoff) => seen < cutoff.before && (!cutoff.types || cutoff.types.has(record.type)))
        )
          stale.push(record);
      }
    }
  }
  for (let start = 0; start < stale.length; start += writeSize) {
    const planned: MemoryOperation[] = stale
      .slice(start, start + writeSize)
      .map((target) => ({ event: "UPDATE", target, archived: true }));
    const allowed = await screenOperations(planned, {
      scope: scopeOf(stale[start]!),
      ...writeGuards(settings.options, scope?.agentId),
      findDuplicate: () => Promise.resolve(undefined),
    });
    report.refused += allowed.skipped.length;
    const ids = allowed.operations.map((operation) => (operation as { target: MemoryRecord }).target.id);
    if (dryRun) report.archived.push(...ids);
    else {
      // A memory changed meanwhile is skipped as a conflict: it is no longer what the policy judged.
      const applied = await applyOperations(context, scopeOf(stale[start]!), allowed.operations, actor, {
        onConflict: "skip",
      });
      report.archived.push(...applied.results.map((result) => result.id));
    }
    options.onProgress?.({ ...report, archived: [...report.archived] });
  }
  if (purgeAfter !== undefined && purgeAfter !== false) {
    if (dryRun) {
      const cutoff = new Date(
        now.getTime() - parseDuration(purgeAfter, "options.purgeExpiredAfter"),
      ).toISOString();
      for await (const page of listPages(context.store, { scope, limit: writeSize, includeInvalid: true }))
        report.purged += page.records.filter(
          (record) => record.expiresAt !== undefined && record.expiresAt <= cutoff,
        ).length;
    } else {
      const purged = await purgeExpired(context, settings, {
        ...(scope ? scope : { anyScope: true }),
        olderThan: purgeAfter,
        actor,
      } as Parameters<typeof purgeExpired>[2]);
      report.purged = purged.purged;
      report.refused += purged.refused ?? 0;
    }
    options.onProgress?.({ ...report, archived: [...report.archived] });
  }
  return report;
}
