import { describeValue } from "../validate/describe-value.js";
import { InvalidArgumentError, VersionConflictError, WriteRejectedError } from "../errors/index.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import { byIdScope, checkMetadata, scopeFields, scopeOf } from "../scope.js";
import type { MemoryItem, MemoryRecord, Scope } from "../types.js";
import { checkKnownKeys, checkWellFormedText } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { checkType } from "./add-memories.js";
import { applyOperations } from "./apply-operations.js";
import { checkExpiresAt, checkImportance } from "./lifecycle-options.js";
import { loadMemory } from "./by-id.js";
import type { MemoryContext } from "./memory-context.js";
import type { DeleteOptions, UpdateInput, WriteOptions } from "./memory-options.js";
import type { GuardedOperation } from "./memory-operation.js";
import { listPages } from "../store/list-pages.js";
import { toItem } from "./to-item.js";

/** How often a by-id write without `expectedVersion` re-reads and retries after a concurrent change. */
const maxAttempts = 16;

/**
 * A random pause before retry `attempt` (1, 2, …): exponential up to 250 ms, jittered, so two writers that keep
 * changing one memory (in two processes) take turns instead of one starving the other.
 */
const retryPause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 4 * 2 ** attempt)));

/** Checks `expectedVersion`: absent, or a whole number ≥ 1. */
function checkExpectedVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError({
      argument: "options.expectedVersion",
      message: `expected the memory's version (a whole number ≥ 1, as in memory.get(id).version), got ${describeValue(value)}.`,
    });
  }
  return value;
}

/** Checks an actor name: absent, or a short non-empty well-formed string. */
export function checkActor(value: unknown, argument = "options.actor"): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "string" ||
    !value.trim() ||
    value.length > 256 ||
    !value.isWellFormed() ||
    /\p{Cc}/u.test(value)
  ) {
    throw new InvalidArgumentError({
      argument,
      message: `expected who makes the change, a non-empty, well-formed string of at most 256 characters without control characters, e.g. "agent:planner"; got ${describeValue(value)}.`,
    });
  }
  return value;
}

/** Runs the write policy and `beforeWrite` on one by-id write; throws WriteRejectedError when refused. */
async function screened(
  operation: GuardedOperation | GuardedOperation[],
  scope: Scope | null,
  target: MemoryRecord,
  settings: ExtractionSettings,
): Promise<GuardedOperation[]> {
  const result = await screenOperations(Array.isArray(operation) ? operation : [operation], {
    scope: scopeOf(target),
    ...writeGuards(settings.options, scope?.agentId),
    findDuplicate: () => Promise.resolve(undefined),
  });
  const [refused] = result.skipped;
  if (refused) {
    throw new WriteRejectedError({
      reason: refused.reason === "policy" ? "policy" : "vetoed",
      memoryId: target.id,
      detail: refused.detail,
    });
  }
  return result.operations;
}

/**
 * Runs one by-id write: reads the memory in its scope, plans, screens and applies it against the version read.
 * With `expectedVersion` a different version is a VersionConflictError; without it a concurrent change makes it
 * read again and re-apply on top, so no write is lost and history's "before" is always the true previous value.
 */
async function writeById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  options: { scope: Scope | null; expectedVersion: number | undefined; actor: string },
  plan: (
    target: MemoryRecord,
  ) => GuardedOperation | GuardedOperation[] | undefined | Promise<GuardedOperation[]>,
): Promise<MemoryRecord> {
  for (let attempt = 1; ; attempt++) {
    const target = await loadMemory(context, id, options.scope);
    if (options.expectedVersion !== undefined && target.version !== options.expectedVersion) {
      throw new VersionConflictError({
        conflicts: [
          { memoryId: target.id, expectedVersion: options.expectedVersion, currentVersion: target.version },
        ],
      });
    }
    const operation = await plan(target);
    if (!operation) return target;
    const operations = await screened(operation, options.scope, target, settings);
    try {
      await applyOperations(context, scopeOf(target), operations, options.actor, { onConflict: "throw" });
      return target;
    } catch (error) {
      if (
        !VersionConflictError.isInstance(error) ||
        options.expectedVersion !== undefined ||
        attempt >= maxAttempts
      )
        throw error;
      await retryPause(attempt);
    }
  }
}

const updateKeys = [...scopeFields, "anyScope", "actor", "expectedVersion", "redact"] as const;

/** Implements `memory.update()`. */
export async function updateById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  changes: UpdateInput,
  options: WriteOptions,
): Promise<MemoryItem> {
  const scope = byIdScope(options, "update");
  checkKnownKeys(options, updateKeys, "options");
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    throw new InvalidArgumentError({
      argument: "changes",
      message: "expected { memory?, metadata?, type?, expiresAt?, importance? }.",
    });
  }
  checkKnownKeys(changes, ["memory", "metadata", "type", "expiresAt", "importance"], "changes");
  if (
    changes.memory === undefined &&
    changes.metadata === undefined &&
    changes.type === undefined &&
    changes.expiresAt === undefined &&
    changes.importance === undefined
  ) {
    throw new InvalidArgumentError({
      argument: "changes",
      message: "nothing to change: pass at least one of memory, metadata, type, expiresAt or importance.",
    });
  }
  const expiresAt = checkExpiresAt(changes.expiresAt, "changes.expiresAt");
  const importance = checkImportance(changes.importance, "changes.importance");
  const text =
    changes.memory === undefined ? undefined : checkWellFormedText(changes.memory, "changes.memory").trim();
  if (text === "")
    throw new InvalidArgumentError({ argument: "changes.memory", message: "expected non-empty text." });
  const metadata =
    changes.metadata === undefined ? undefined : checkMetadata(changes.metadata, "changes.metadata");
  const type = checkType(changes.type, "changes.type");
  const redact = options.redact;
  if (redact !== undefined && typeof redact !== "boolean")
    throw new InvalidArgumentError({ argument: "options.redact", message: "expected true or false." });
  if (redact && text === undefined) {
    throw new InvalidArgumentError({
      argument: "options.redact",
      message: "redact replaces the text everywhere, so pass the replacement text as changes.memory.",
    });
  }
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  const target = await writeById(context, settings, id, { scope, expectedVersion, actor }, (current) => ({
    event: "UPDATE",
    target: current,
    ...(text !== undefined ? { memory: text } : {}),
    ...(metadata ? { metadata } : {}),
    ...(type ? { type } : {}),
    ...(redact ? { redact: true } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(importance !== undefined ? { importance } : {}),
  }));
  const [stored] = await context.store.get([target.id], null);
  if (!stored)
    throw new VersionConflictError({
      conflicts: [{ memoryId: target.id, expectedVersion: target.version + 1, currentVersion: null }],
    });
  return toItem(stored, context.now().toISOString());
}

const deleteKeys = [...scopeFields, "anyScope", "actor", "expectedVersion"] as const;

/** Implements `memory.delete()`: forgets the memory (content erased from history too). */
export async function deleteById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  options: DeleteOptions,
): Promise<{ id: string; deleted: true }> {
  const scope = byIdScope(options, "delete");
  checkKnownKeys(options, deleteKeys, "options");
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  const target = await writeById(
    context,
    settings,
    id,
    { scope, expectedVersion, actor },
    async (current) => [{ event: "DELETE", target: current }, ...(await forgetDerived(context, current))],
  );
  return { id: target.id, deleted: true };
}

/**
 * What forgetting a memory also forgets: the summaries condensed from it (their text may repeat it), with the
 * other memories they were condensed from restored, so nothing else is lost and the next consolidation run
 * summarises them again without the forgotten one.
 */
async function forgetDerived(context: MemoryContext, forgotten: MemoryRecord): Promise<GuardedOperation[]> {
  const operations: GuardedOperation[] = [];
  const restored = new Set<string>();
  for await (const page of listPages(context.store, {
    scope: scopeOf(forgotten),
    filter: { type: "summary" },
    limit: 500,
    includeInvalid: true,
  })) {
    for (const summary of page.records) {
      if (!summary.derivedFrom?.includes(forgotten.id)) continue;
      operations.push({ event: "DELETE", target: summary, reason: "condensed from a forgotten memory" });
      const others = summary.derivedFrom.filter((id) => id !== forgotten.id && !restored.has(id));
      for (const source of await context.store.get(others, scopeOf(forgotten))) {
        restored.add(source.id);
        if (source.archivedAt !== undefined)
          operations.push({ event: "UPDATE", target: source, archived: false });
      }
    }
  }
  return operations;
}

/**
 * Implements `memory.archive()` (archived: true) and `memory.restore()` (false): a versioned state change,
 * guarded like any write; a memory already in the wanted state is returned unchanged.
 */
export async function setArchivedById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  options: DeleteOptions,
  archived: boolean,
): Promise<MemoryItem> {
  const scope = byIdScope(options, archived ? "archive" : "restore");
  checkKnownKeys(options, deleteKeys, "options");
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  const target = await writeById(context, settings, id, { scope, expectedVersion, actor }, (current) =>
    (current.archivedAt !== undefined) === archived
      ? undefined
      : { event: "UPDATE", target: current, archived },
  );
  const [stored] = await context.store.get([target.id], null);
  return toItem(stored ?? target, context.now().toISOString());
}

/** The memory named by id, which must be held for review. */
function requirePending(target: MemoryRecord, call: string): void {
  if (!target.pending) {
    throw new InvalidArgumentError({
      argument: "id",
      message: `memory "${target.id}" is not waiting for review, so ${call}() does not apply; use update() or delete() for reviewed memories.`,
    });
  }
}

/** Implements `memory.approve()`: a memory held for review enters reads from now (an APPROVE entry in history). */
export async function approveById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  options: DeleteOptions,
): Promise<MemoryItem> {
  const scope = byIdScope(options, "approve");
  checkKnownKeys(options, deleteKeys, "options");
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  const target = await writeById(context, settings, id, { scope, expectedVersion, actor }, (current) => {
    requirePending(current, "approve");
    return { event: "UPDATE", target: current, approve: true };
  });
  const [stored] = await context.store.get([target.id], null);
  return toItem(stored ?? target, context.now().toISOString());
}

/** Implements `memory.reject()`: a memory held for review is forgotten (as `delete()` does, reason "rejected"). */
export async function rejectById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  options: DeleteOptions,
): Promise<{ id: string; deleted: true }> {
  const scope = byIdScope(options, "reject");
  checkKnownKeys(options, deleteKeys, "options");
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  const target = await writeById(context, settings, id, { scope, expectedVersion, actor }, (current) => {
    requirePending(current, "reject");
    return { event: "DELETE", target: current, reason: "rejected" };
  });
  return { id: target.id, deleted: true };
}

/** Feedback on a memory: was it helpful, and optionally a note and a correction to remember. */
export interface FeedbackInput {
  /** True when the memory helped, false when it was wrong or unhelpful. */
  helpful: boolean;
  /** Why, kept in the FEEDBACK history entry (erased with the memory). */
  note?: string;
  /** What is right instead: stored as a `feedback` memory about this one (`metadata.about` is its id). */
  correction?: string;
}

/** What `feedback()` did: the memory with its new importance, and the correction memory when one was given. */
export interface FeedbackResult {
  /** The memory the feedback was about. */
  memory: MemoryItem;
  /** The id of the `feedback` memory holding the correction. */
  correctionId?: string;
}

/** How much one helpful (or unhelpful) signal moves importance. */
const feedbackStep = { helpful: 0.1, unhelpful: -0.2 } as const;

/**
 * Implements `memory.feedback()`: a FEEDBACK entry in history, importance up (helpful) or down, and a correction
 * stored as a `feedback` memory in the same atomic write; guarded like every write.
 */
export async function feedbackById(
  context: MemoryContext,
  settings: ExtractionSettings,
  id: unknown,
  input: FeedbackInput,
  options: DeleteOptions,
): Promise<FeedbackResult> {
  const scope = byIdScope(options, "feedback");
  checkKnownKeys(options, deleteKeys, "options");
  if (typeof input !== "object" || input === null || typeof input.helpful !== "boolean") {
    throw new InvalidArgumentError({
      argument: "feedback",
      message:
        'expected { helpful: true | false, note?, correction? }, e.g. { helpful: false, correction: "Lives in Porto now" }.',
    });
  }
  checkKnownKeys(input, ["helpful", "note", "correction"], "feedback");
  const note = input.note === undefined ? undefined : checkWellFormedText(input.note, "feedback.note").trim();
  const correction =
    input.correction === undefined
      ? undefined
      : checkWellFormedText(input.correction, "feedback.correction").trim();
  if (correction === "")
    throw new InvalidArgumentError({ argument: "feedback.correction", message: "expected non-empty text." });
  const actor = checkActor(options.actor) ?? context.actor;
  const expectedVersion = checkExpectedVersion(options.expectedVersion);
  let correctionAdd: GuardedOperation | undefined;
  const target = await writeById(context, settings, id, { scope, expectedVersion, actor }, (current) => {
    const step = input.helpful ? feedbackStep.helpful : feedbackStep.unhelpful;
    const importance = Math.round(Math.min(1, Math.max(0, (current.importance ?? 0.5) + step)) * 100) / 100;
    const update: GuardedOperation = {
      event: "UPDATE",
      target: current,
      importance,
      feedback: { helpful: input.helpful, ...(note ? { note } : {}) },
    };
    if (correction === undefined) return update;
    correctionAdd = {
      event: "ADD",
      memory: correction,
      type: "feedback",
      metadata: { about: current.id, helpful: input.helpful },
      sources: [{ role: "feedback" }],
      importance: 0.8,
    };
    return [update, correctionAdd];
  });
  const [stored] = await context.store.get([target.id], null);
  const memory = toItem(stored ?? target, context.now().toISOString());
  if (!correctionAdd) return { memory };
  const page = await context.store.list({
    scope: scopeOf(target),
    filter: { $and: [{ type: "feedback" }, { "metadata.about": target.id }] },
    limit: 1,
    includeInvalid: true,
  });
  const [latest] = page.records;
  return latest ? { memory, correctionId: latest.id } : { memory };
}
