import { consolidate } from "../consolidation/consolidate.js";
import {
  type ConsolidationPolicy,
  type ConsolidationReport,
  type ResolvedConsolidationPolicy,
  resolveConsolidationPolicy,
} from "../consolidation/consolidation-options.js";
import { InvalidArgumentError } from "../errors/index.js";
import { byIdScope, scopeFields } from "../scope.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { checkActor } from "./by-id-writes.js";
import { type ArchivePolicy, checkArchivePolicies, parseDuration } from "./lifecycle-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { ByIdScope } from "./memory-options.js";
import { findExpired, purgeExpired } from "./purge-expired.js";

/** Options of `maintain()`: a scope (or `{ anyScope: true }`) plus `MaintainSettings`. */
export type MaintainOptions = ByIdScope & MaintainSettings;

/** What a maintenance run does besides choosing the scope. */
export interface MaintainSettings {
  /** Archive policies. @default the Memory's `lifecycle.archive` */
  archive?: ArchivePolicy[];
  /** Forget memories expired at least this long ago; false to keep them. @default the Memory's `lifecycle.purgeExpiredAfter`, else false */
  purgeExpiredAfter?: string | number | false;
  /**
   * Consolidate too (merge near-duplicates, retire contradicted memories, summarise old episodes, apply TTLs), with
   * this policy; false to only archive and purge. @default the Memory's `lifecycle.consolidate`
   */
  consolidate?: ConsolidationPolicy | false;
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
  /** The consolidation part of the run: every step with its status (archiving is one of its steps). */
  consolidation: ConsolidationReport;
}

/** What `maintain()` takes from the Memory. */
export interface MaintainDefaults {
  /** The Memory's archive policies. */
  archive: ArchivePolicy[];
  /** The Memory's purge age. */
  purgeExpiredAfter?: string | number;
  /** The Memory's consolidation policy. */
  consolidate: ResolvedConsolidationPolicy | false;
}

const off = resolveConsolidationPolicy(
  { merge: false, supersede: false, summarize: false, expire: false },
  "off",
);

/**
 * Implements `memory.maintain()`: one consolidation run (its ARCHIVE steps apply the archive policies) and then
 * forgets memories expired long enough ago, as guarded, versioned writes with history (or only plans with `dryRun`).
 */
export async function maintain(
  context: MemoryContext,
  settings: ExtractionSettings,
  options: MaintainOptions,
  defaults: MaintainDefaults,
): Promise<MaintainReport> {
  const scope = byIdScope(options, "maintain");
  checkKnownKeys(
    options,
    [
      ...scopeFields,
      "anyScope",
      "archive",
      "purgeExpiredAfter",
      "consolidate",
      "dryRun",
      "onProgress",
      "actor",
    ],
    "options",
  );
  const archive =
    options.archive === undefined
      ? defaults.archive
      : checkArchivePolicies(options.archive, "options.archive");
  const purgeAfter =
    options.purgeExpiredAfter === undefined ? defaults.purgeExpiredAfter : options.purgeExpiredAfter;
  if (purgeAfter !== undefined && purgeAfter !== false)
    parseDuration(purgeAfter, "options.purgeExpiredAfter");
  const policy =
    options.consolidate === false
      ? off
      : options.consolidate === undefined
        ? defaults.consolidate || off
        : resolveConsolidationPolicy(
            options.consolidate,
            "options.consolidate",
            defaults.consolidate || undefined,
          );
  if (options.dryRun !== undefined && typeof options.dryRun !== "boolean")
    throw new InvalidArgumentError({ argument: "options.dryRun", message: "expected true or false." });
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    throw new InvalidArgumentError({ argument: "options.onProgress", message: "expected a function." });
  const actor = checkActor(options.actor) ?? "maintenance";
  const dryRun = options.dryRun ?? false;
  const archivedOf = (report: ConsolidationReport) =>
    report.steps
      .filter((step) => step.op === "ARCHIVE" && step.status === (dryRun ? "planned" : "applied"))
      .flatMap((step) => step.memoryIds);
  const consolidation = await consolidate(
    context,
    settings,
    {
      ...(scope ? scope : { anyScope: true }),
      archive,
      dryRun,
      actor,
      ...(options.onProgress
        ? {
            onProgress: (progress: ConsolidationReport) =>
              options.onProgress!({
                archived: archivedOf(progress),
                purged: 0,
                refused: progress.refused,
                dryRun,
                consolidation: progress,
              }),
          }
        : {}),
    } as Parameters<typeof consolidate>[2],
    { policy, archive },
  );
  const report: MaintainReport = {
    archived: archivedOf(consolidation),
    purged: 0,
    refused: consolidation.refused,
    dryRun,
    consolidation,
  };
  if (purgeAfter !== undefined && purgeAfter !== false) {
    if (dryRun)
      report.purged = (
        await findExpired(context, scope, parseDuration(purgeAfter, "options.purgeExpiredAfter"))
      ).length;
    else {
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
