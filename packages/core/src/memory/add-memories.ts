import { describeValue } from "../validate/describe-value.js";
import { InvalidArgumentError } from "../errors/index.js";
import { checkExpiresAt, checkImportance } from "./lifecycle-options.js";
import type { ExtractionOptions } from "../extraction/extraction-options.js";
import { planWithModel } from "../extraction/plan-with-model.js";
import { type ExtractionPlan, planWithRules } from "../extraction/plan-with-rules.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import type { ChatModel } from "../models/chat-model.js";
import { checkMetadata, requireScope } from "../scope.js";
import { checkDate } from "../validate/check-date.js";
import { checkKnownKeys, maxMemoryTextLength, maxMessageLength } from "../validate/well-formed.js";
import type { MemoryRecord, MemoryType, Metadata, Scope } from "../types.js";
import { listPages } from "../store/list-pages.js";
import { applyOperations } from "./apply-operations.js";
import { defaultMinOverlap, type ResolvedDeduplication } from "./deduplication-options.js";
import { findNearDuplicates } from "./find-near-duplicates.js";
import { rememberingEmbedder } from "./remembering-embedder.js";
import { hashMemory } from "./hash-memory.js";
import { type ContextWindow, neighbourContext, resolveContextWindow } from "./context-window.js";
import type { MemoryContext } from "./memory-context.js";
import type { AddOptions, AddResult } from "./memory-options.js";
import type { GuardedOperation } from "./memory-operation.js";
import { normalizeMessages, type NormalizedMessage } from "./normalize-messages.js";
import { type ReconciliationMode, reconciliationScope, uniqueKeyPrefix } from "./unique-key.js";

/** Checks a memory type argument. */
export function checkType(type: unknown, argument = "options.type"): MemoryType | undefined {
  if (type === undefined) return undefined;
  if (typeof type !== "string" || !/^[a-z][a-z0-9_-]{0,63}$/u.test(type)) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a lowercase type name such as "fact", "preference" or "task_state", got ${describeValue(type)}.`,
    });
  }
  return type;
}

/** The current memory of the (reconciliation) scope whose text hashes to `hash`, if any. */
export async function findExactDuplicate(
  context: MemoryContext,
  scope: Scope,
  hash: string,
): Promise<MemoryRecord | undefined> {
  return (await findExactDuplicates(context, scope, [hash])).get(hash);
}

/**
 * The current memories of the (reconciliation) scope for each of the hashes, found with one store query (a store
 * round trip per message is what makes remote stores slow).
 */
export async function findExactDuplicates(
  context: MemoryContext,
  scope: Scope,
  hashes: string[],
): Promise<Map<string, MemoryRecord>> {
  const found = new Map<string, MemoryRecord>();
  const wanted = [...new Set(hashes)];
  if (wanted.length === 0) return found;
  const asOf = context.now().toISOString();
  const pages = listPages(context.store, { scope, filter: { hash: { $in: wanted } }, limit: 500, asOf });
  for await (const page of pages) {
    for (const record of page.records) if (!found.has(record.hash)) found.set(record.hash, record);
  }
  return found;
}

/** Plans verbatim storage: one ADD per message, NONE for exact duplicates in the reconciliation scope. */
async function planVerbatim(
  context: MemoryContext,
  scope: Scope,
  messages: NormalizedMessage[],
  metadata: Metadata,
  type: MemoryType,
  deduplicate: boolean,
  contextWindow: Required<ContextWindow>,
): Promise<GuardedOperation[]> {
  const operations: GuardedOperation[] = [];
  const planned = new Map<string, GuardedOperation>();
  const existing = deduplicate
    ? await findExactDuplicates(
        context,
        scope,
        messages.map((message) => hashMemory(message.text)),
      )
    : new Map<string, MemoryRecord>();
  for (const [index, message] of messages.entries()) {
    const neighbours = neighbourContext(messages, index, contextWindow);
    const hash = hashMemory(message.text);
    if (deduplicate && planned.has(hash)) continue;
    const duplicate = existing.get(hash);
    const operation: GuardedOperation = duplicate
      ? { event: "NONE", target: duplicate }
      : {
          event: "ADD",
          memory: message.text,
          type,
          metadata: structuredClone(metadata),
          sources: [message.source],
          ...(neighbours ? { context: neighbours } : {}),
          ...(message.source.timestamp ? { validFrom: message.source.timestamp } : {}),
        };
    planned.set(hash, operation);
    operations.push(operation);
  }
  return operations;
}

/** The extraction setup of a Memory: its model (if any), options and the actor for inferred writes. */
export interface ExtractionSettings {
  /** The model for inferred adds; rules are used without one. */
  llm?: ChatModel;
  /** Extraction options. */
  options: ExtractionOptions;
  /** History actor of inferred writes when the add names none. */
  actor: string;
  /** Which memories a write is reconciled with. @default "user" */
  reconciliation?: ReconciliationMode;
  /** How near-duplicates are recognised. @default near-duplicates on, measured thresholds */
  deduplication?: ResolvedDeduplication;
}

/** Near-duplicate detection when the Memory configures none. */
const defaultDeduplication: ResolvedDeduplication = { near: true, minOverlap: defaultMinOverlap };

/** Every option `add()` knows besides the scope. */
const addOptionKeys = [
  "userId",
  "agentId",
  "runId",
  "metadata",
  "type",
  "infer",
  "deduplicate",
  "contextWindow",
  "actor",
  "source",
  "expiresAt",
  "importance",
  "timestamp",
] as const;

/** Checks `options.source` (provenance): `{ runId }` with a valid run id. */
function checkSource(source: unknown): { runId?: string } | undefined {
  if (source === undefined) return undefined;
  checkKnownKeys(source, ["runId"], "options.source");
  const runId = (source as { runId?: unknown }).runId;
  return runId === undefined ? {} : { runId: requireScope({ runId }, "add", "options.source").runId! };
}

/**
 * Implements `memory.add()`: plans operations (verbatim, rule-based or with one model call), screens them with the
 * agent's write policy and the `beforeWrite` hook, and applies them in one atomic write.
 */
export async function addMemories(
  memoryContext: MemoryContext,
  input: unknown,
  options: AddOptions | undefined,
  settings: ExtractionSettings = { options: {}, actor: memoryContext.actor },
): Promise<AddResult> {
  const scope = requireScope(options, "add");
  checkKnownKeys(options, addOptionKeys, "options");
  // The near-duplicate check embeds the new texts first; the write reuses those vectors.
  const context = { ...memoryContext, embedder: rememberingEmbedder(memoryContext.embedder) };
  const source = checkSource(options?.source);
  const expiresAt = checkExpiresAt(options?.expiresAt, "options.expiresAt");
  const importance = checkImportance(options?.importance, "options.importance");
  const reconcile = reconciliationScope(scope, settings.reconciliation ?? "user");
  // Stored as they are, messages become memories; read by an extractor, they may be longer.
  const timestamp =
    options?.timestamp === undefined ? undefined : checkDate(options.timestamp, "options.timestamp");
  const messages = normalizeMessages(
    input,
    options?.infer ? maxMessageLength : maxMemoryTextLength,
    timestamp,
  );
  const metadata = checkMetadata(options?.metadata);
  const type = checkType(options?.type) ?? "fact";
  if (options?.infer !== undefined && typeof options.infer !== "boolean") {
    throw new InvalidArgumentError({
      argument: "options.infer",
      message: "expected true (extract memories) or false (store verbatim).",
    });
  }
  if (
    options?.deduplicate !== undefined &&
    typeof options.deduplicate !== "boolean" &&
    options.deduplicate !== "exact"
  ) {
    throw new InvalidArgumentError({
      argument: "options.deduplicate",
      message: 'expected true (same text or same fact in other words), "exact" (same text only) or false.',
    });
  }
  const deduplicate = options?.deduplicate !== false;
  const contextWindow = resolveContextWindow(options?.contextWindow, Array.isArray(input));
  let plan: ExtractionPlan;
  if (!options?.infer)
    plan = {
      operations: await planVerbatim(
        context,
        reconcile,
        messages,
        metadata,
        type,
        deduplicate,
        contextWindow,
      ),
      skipped: [],
    };
  else if (settings.llm)
    plan = await planWithModel(context, reconcile, messages, metadata, settings.llm, settings.options);
  else plan = await planWithRules(context, reconcile, messages, metadata, settings.options);
  const near = await findNearDuplicates(context, reconcile, plan.operations, {
    ...(settings.deduplication ?? defaultDeduplication),
    ...(options?.deduplicate === undefined || options.deduplicate === true ? {} : { near: false }),
  });
  const screened = await screenOperations(near.operations, {
    scope,
    ...writeGuards(settings.options, scope.agentId),
    findDuplicate: (text) =>
      deduplicate ? findExactDuplicate(context, reconcile, hashMemory(text)) : Promise.resolve(undefined),
  });
  const actor = options?.actor ?? (options?.infer ? settings.actor : context.actor);
  const operations =
    source?.runId === undefined ? screened.operations : withProvenance(screened.operations, source.runId);
  const applied = await applyOperations(context, scope, operations, actor, {
    ...(deduplicate ? { uniquePrefix: uniqueKeyPrefix(reconcile) } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(importance !== undefined ? { importance } : {}),
  });
  const skipped = [...plan.skipped, ...near.skipped, ...screened.skipped, ...applied.skipped];
  return skipped.length ? { results: applied.results, skipped } : { results: applied.results };
}

/** Records the run a memory was said in as provenance in each new memory's sources. */
function withProvenance(operations: GuardedOperation[], runId: string): GuardedOperation[] {
  return operations.map((operation) =>
    operation.event === "ADD"
      ? { ...operation, sources: operation.sources.map((source) => ({ ...source, runId })) }
      : operation,
  );
}
