import { InvalidArgumentError } from "../errors/index.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import type { ExtractionSettings } from "../memory/add-memories.js";
import { applyOperations } from "../memory/apply-operations.js";
import { checkActor } from "../memory/by-id-writes.js";
import { type ArchivePolicy, checkArchivePolicies } from "../memory/lifecycle-options.js";
import type { MemoryContext } from "../memory/memory-context.js";
import type { GuardedOperation, MemoryOperation } from "../memory/memory-operation.js";
import { reconciliationScope, uniqueKeyPrefix } from "../memory/unique-key.js";
import { byIdScope, scopeFields, scopeOf } from "../scope.js";
import { listPages } from "../store/list-pages.js";
import type { MemoryRecord, Scope } from "../types.js";
import { checkDate } from "../validate/check-date.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import { type ContentSignature, contentSignature } from "./content-signature.js";
import {
  type ConsolidateOptions,
  type ConsolidationReport,
  policyKeys,
  type ResolvedConsolidationPolicy,
  resolveConsolidationPolicy,
} from "./consolidation-options.js";
import { type BorderlinePair, findDuplicates } from "./find-duplicates.js";
import { findContradictions } from "./find-contradictions.js";
import { borderlineClusters, judgeClusterWithModel, summarizeWithModel } from "./model-judgements.js";
import { planArchive, planExpiry } from "./plan-expiry-archive.js";
import { findSummaryClusters, summaryStep, summaryText } from "./plan-summaries.js";
import { Claims, groupBy, type PlannedStep } from "./planned-step.js";

const optionKeys = [
  ...scopeFields,
  "anyScope",
  ...policyKeys,
  "dryRun",
  "since",
  "cursor",
  "maxSteps",
  "only",
  "archive",
  "actor",
  "onProgress",
  "signal",
] as const;
/** Types that are never merged: events are condensed instead, summaries and corrections stand on their own. */
const unmergedTypes = new Set(["episode", "summary", "feedback"]);
const pageSize = 500;
const chunkSize = 100;
const cursorPattern = /^\d:[a-z_]+-[0-9a-f]{16}$/u;

/** What `consolidate()` takes from the Memory: its policy and archive policies. */
export interface ConsolidationDefaults {
  /** The Memory's `lifecycle.consolidate`, resolved. */
  policy: ResolvedConsolidationPolicy;
  /** The Memory's `lifecycle.archive`. */
  archive: ArchivePolicy[];
}

interface CheckedOptions {
  scope: Scope | null;
  policy: ResolvedConsolidationPolicy;
  archive: ArchivePolicy[];
  dryRun: boolean;
  since?: string;
  cursor?: string;
  maxSteps?: number;
  only?: Set<string>;
  actor: string;
  onProgress?: (report: ConsolidationReport) => void;
  signal?: AbortSignal;
}

function checkOptions(options: ConsolidateOptions, defaults: ConsolidationDefaults): CheckedOptions {
  const scope = byIdScope(options, "consolidate");
  checkKnownKeys(options, optionKeys, "options");
  const overrides = Object.fromEntries(
    policyKeys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  );
  const policy = resolveConsolidationPolicy(overrides, "options", defaults.policy);
  const archive =
    options.archive === undefined
      ? defaults.archive
      : checkArchivePolicies(options.archive, "options.archive");
  if (options.dryRun !== undefined && typeof options.dryRun !== "boolean")
    throw new InvalidArgumentError({ argument: "options.dryRun", message: "expected true or false." });
  const since = options.since === undefined ? undefined : checkDate(options.since, "options.since");
  if (
    options.cursor !== undefined &&
    (typeof options.cursor !== "string" || !cursorPattern.test(options.cursor))
  )
    throw new InvalidArgumentError({
      argument: "options.cursor",
      message: "expected the cursor of an earlier consolidation report, unchanged.",
    });
  if (
    options.maxSteps !== undefined &&
    (typeof options.maxSteps !== "number" || !Number.isInteger(options.maxSteps) || options.maxSteps < 1)
  )
    throw new InvalidArgumentError({ argument: "options.maxSteps", message: "expected a whole number ≥ 1." });
  if (
    options.only !== undefined &&
    (!Array.isArray(options.only) || options.only.some((id) => typeof id !== "string"))
  )
    throw new InvalidArgumentError({
      argument: "options.only",
      message: "expected a list of step ids from a dry run's report, e.g. [report.steps[0].id].",
    });
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    throw new InvalidArgumentError({ argument: "options.onProgress", message: "expected a function." });
  if (
    options.signal !== undefined &&
    (typeof options.signal !== "object" ||
      options.signal === null ||
      typeof options.signal.aborted !== "boolean")
  )
    throw new InvalidArgumentError({ argument: "options.signal", message: "expected an AbortSignal." });
  return {
    scope,
    policy,
    archive,
    dryRun: options.dryRun ?? false,
    actor: checkActor(options.actor) ?? "consolidation",
    ...(since !== undefined ? { since } : {}),
    ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    ...(options.only !== undefined ? { only: new Set(options.only) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/** The scope's memories that are active now. */
async function activeRecords(
  context: MemoryContext,
  scope: Scope | null,
  at: string,
): Promise<MemoryRecord[]> {
  const records: MemoryRecord[] = [];
  // Valid at `at` means active then: not pending, superseded, merged, expired or archived.
  for await (const page of listPages(context.store, { scope, limit: pageSize, asOf: at }))
    records.push(...page.records);
  return records;
}

/** Plans every step, rules first, the model (when used) for the clusters the rules leave open and for summaries. */
async function planSteps(
  context: MemoryContext,
  settings: ExtractionSettings,
  records: MemoryRecord[],
  checked: CheckedOptions,
  report: ConsolidationReport,
): Promise<PlannedStep[]> {
  const { policy, since } = checked;
  const now = context.now();
  const useModel = policy.useModel ?? settings.llm !== undefined;
  if (useModel && !settings.llm)
    throw new InvalidArgumentError({
      argument: "options.useModel",
      message:
        "needs a model: pass `llm` to new Memory(), or leave useModel out to consolidate with the rules.",
    });
  const model = useModel ? settings.llm : undefined;
  const claims = new Claims();
  const steps: PlannedStep[] = [];
  const signatures = new Map<MemoryRecord, ContentSignature>();
  for (const record of records)
    if (!unmergedTypes.has(record.type)) signatures.set(record, contentSignature(record.memory));
  const mode = settings.reconciliation ?? "user";
  const groups = groupBy(records, (record) => uniqueKeyPrefix(reconciliationScope(scopeOf(record), mode)));
  const borderline: BorderlinePair[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!;
    if (policy.supersede)
      steps.push(...findContradictions({ records: group, signatures, claims, ...(since ? { since } : {}) }));
    if (policy.merge) {
      const found = findDuplicates({
        records: group.filter((record) => signatures.has(record)),
        signatures,
        claims,
        ...(since ? { since } : {}),
      });
      steps.push(...found.steps);
      borderline.push(...found.borderline);
    }
  }
  report.borderline = borderline.length;
  let calls = 0;
  if (model && (policy.merge || policy.supersede)) {
    for (const cluster of borderlineClusters(borderline)) {
      if (calls >= policy.maxModelCalls) break;
      if (!claims.free(...cluster)) continue;
      calls++;
      const judged = await judgeClusterWithModel(model, cluster, claims, report.model);
      for (const step of judged ?? [])
        if ((step.step.op === "MERGE" && policy.merge) || (step.step.op === "SUPERSEDE" && policy.supersede))
          steps.push(step);
    }
  }
  if (policy.summarize) {
    for (const cluster of findSummaryClusters(records, policy.summarize, now, claims, since)) {
      let text: string | undefined;
      if (model && calls < policy.maxModelCalls) {
        calls++;
        text = await summarizeWithModel(model, cluster, policy.summarize.maxChars, report.model);
      }
      steps.push(
        summaryStep(
          cluster,
          text ?? summaryText(cluster.period.label, cluster.records, policy.summarize.maxChars),
          text ? "model" : "rules",
        ),
      );
    }
  }
  if (policy.expire) steps.push(...planExpiry(records, context.lifecycle, now, claims));
  steps.push(...planArchive(records, checked.archive, now, claims));
  return steps.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
}

/** The operations the write guards judge for a step; a step is refused when any of them is. */
function guardedProxies(operation: MemoryOperation): GuardedOperation[] {
  switch (operation.event) {
    case "SUPERSEDE":
      return [{ event: "INVALIDATE", target: operation.target }];
    case "MERGE":
      return operation.merged.map((target) => ({ event: "INVALIDATE", target }));
    case "SUMMARIZE":
      return [
        {
          event: "ADD",
          memory: operation.memory,
          type: operation.type,
          metadata: operation.metadata,
          sources: [],
        },
      ];
    default:
      return [operation];
  }
}

/** Runs the write guards on a step: the operation to apply (a summary may come back redacted), or undefined. */
async function screenStep(
  planned: PlannedStep,
  settings: ExtractionSettings,
): Promise<MemoryOperation | undefined> {
  const proxies = guardedProxies(planned.operation);
  const screened = await screenOperations(proxies, {
    scope: planned.scope,
    ...writeGuards(settings.options, planned.scope.agentId),
    findDuplicate: () => Promise.resolve(undefined),
  });
  if (screened.skipped.length || screened.operations.length !== proxies.length) return undefined;
  const operation = planned.operation;
  if (operation.event !== "SUMMARIZE") return operation;
  const [add] = screened.operations;
  // A summary held for review would archive its sources while nobody can see it: consolidation does not wait.
  if (add?.event !== "ADD" || add.pending) return undefined;
  return { ...operation, memory: add.memory, metadata: add.metadata, type: add.type };
}

/** Applies steps that share a scope in one atomic write; returns the operations that were written. */
async function applyChunk(
  context: MemoryContext,
  chunk: { planned: PlannedStep; operation: MemoryOperation }[],
  actor: string,
): Promise<Set<MemoryOperation>> {
  const written = new Set<MemoryOperation>();
  for (const group of groupBy(chunk, (entry) => JSON.stringify(scopeOf(entry.planned.scope))).values()) {
    const applied = await applyOperations(
      context,
      group[0]!.planned.scope,
      group.map((entry) => entry.operation),
      actor,
      { onConflict: "skip" },
    );
    for (const operation of applied.written) written.add(operation);
  }
  return written;
}

/**
 * Implements `memory.consolidate()`: plans MERGE, SUPERSEDE, SUMMARIZE, EXPIRE and ARCHIVE steps over the scope's
 * active memories (deterministically with the rules; with a model for summaries and look-alike clusters, one
 * bounded call each), then applies them as guarded, versioned writes with history, in order, resumably.
 */
export async function consolidate(
  context: MemoryContext,
  settings: ExtractionSettings,
  options: ConsolidateOptions,
  defaults: ConsolidationDefaults,
): Promise<ConsolidationReport> {
  const checked = checkOptions(options, defaults);
  const at = context.now().toISOString();
  const report: ConsolidationReport = {
    steps: [],
    applied: 0,
    refused: 0,
    conflicts: 0,
    borderline: 0,
    model: { calls: 0, promptTokens: 0, maxPromptTokens: 0, failures: 0 },
    dryRun: checked.dryRun,
    done: true,
  };
  const records = await activeRecords(context, checked.scope, at);
  let planned = await planSteps(context, settings, records, checked, report);
  if (checked.cursor) planned = planned.filter((step) => step.order > checked.cursor!);
  if (checked.only) planned = planned.filter((step) => checked.only!.has(step.step.id));
  report.steps = planned.map((step) => step.step);
  if (checked.dryRun) return report;
  const progress = () =>
    checked.onProgress?.({ ...report, steps: report.steps.map((step) => ({ ...step })) });
  let processed = 0;
  while (processed < planned.length) {
    if (checked.signal?.aborted || (checked.maxSteps !== undefined && processed >= checked.maxSteps)) {
      report.done = false;
      report.cursor = planned[processed - 1]?.order ?? checked.cursor;
      if (report.cursor === undefined) delete report.cursor;
      break;
    }
    const limit =
      checked.maxSteps === undefined ? chunkSize : Math.min(chunkSize, checked.maxSteps - processed);
    const slice = planned.slice(processed, processed + limit);
    const chunk: { planned: PlannedStep; operation: MemoryOperation }[] = [];
    for (const step of slice) {
      const screened = await screenStep(step, settings);
      const operation =
        screened?.event === "SUMMARIZE" ? { ...screened, id: context.generateId() } : screened;
      if (operation) chunk.push({ planned: step, operation });
      else {
        step.step.status = "refused";
        report.refused++;
      }
    }
    const written = await applyChunk(context, chunk, checked.actor);
    for (const { planned: step, operation } of chunk) {
      if (written.has(operation)) {
        step.step.status = "applied";
        report.applied++;
        if (operation.event === "SUMMARIZE") {
          step.step.targetId = operation.id!;
          step.step.memory = operation.memory;
        }
      } else {
        step.step.status = "conflict";
        report.conflicts++;
      }
    }
    processed += slice.length;
    progress();
  }
  return report;
}
