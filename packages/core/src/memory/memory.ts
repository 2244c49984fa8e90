import { type BuildContextOptions, type BuildContextResult, buildContext } from "../context/build-context.js";
import { embedOptions, embedTexts } from "../embedders/embed-texts.js";
import type { EmbedderMismatchError } from "../errors/index.js";
import { InvalidArgumentError, UnsupportedCapabilityError, VersionConflictError } from "../errors/index.js";
import { byIdScope, requireScope, scopeFields } from "../scope.js";
import type { AccessLogPage } from "../store/memory-store.js";
import type { HistoryEntry, MemoryItem, ScopeSelector } from "../types.js";
import { snapshotArgument } from "../validate/snapshot-argument.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import { addMemories, type ExtractionSettings } from "./add-memories.js";
import { checkId } from "./by-id.js";
import {
  approveById,
  checkActor,
  deleteById,
  type FeedbackInput,
  type FeedbackResult,
  feedbackById,
  rejectById,
  setArchivedById,
  updateById,
} from "./by-id-writes.js";
import { loadDefaultEmbedder, loadDefaultStore } from "./default-components.js";
import { checkEmbedder, embedderMetaKey } from "./embedder-check.js";
import { indexedText } from "./indexed-text.js";
import { AccessTracker } from "./access-tracker.js";
import { type MaintainOptions, type MaintainReport, maintain } from "./maintain.js";
import { consolidate } from "../consolidation/consolidate.js";
import {
  type ConsolidateOptions,
  type ConsolidationReport,
  resolveConsolidationPolicy,
} from "../consolidation/consolidation-options.js";
import { type AddEventOptions, type AgentEvent, addEvent } from "./add-event.js";
import { type PurgeExpiredOptions, type PurgeExpiredResult, purgeExpired } from "./purge-expired.js";
import { checkLifecycleOptions, type ResolvedLifecycle } from "./lifecycle-options.js";
import type { MemoryContext } from "./memory-context.js";
import { checkMemoryOptions, snapshotMemoryOptions } from "./check-memory-options.js";
import { defaultEmbedderTimeoutMs } from "../models/with-timeout.js";
import type {
  AccessLogOptions,
  AddOptions,
  AddResult,
  DeleteOptions,
  GetAllOptions,
  GetAllResult,
  MemoryExport,
  MemoryOptions,
  ReadOptions,
  ScopeWriteOptions,
  SearchOptions,
  SearchResult,
  UpdateInput,
  WriteOptions,
} from "./memory-options.js";
import {
  type DeleteAllResult,
  deleteAllInScope,
  exportScope,
  recordAccess,
  requireAccessLogSupport,
} from "./scope-operations.js";
import { checkAsOf, checkLimit, combineFilters, searchMemories } from "./search-memories.js";
import { checkInclude, inSelection } from "./state-selection.js";
import { toItem } from "./to-item.js";
import { listScopes, type ScopesOptions } from "./scopes.js";
import { importMemories } from "./import/import-memories.js";
import type { ImportData, ImportOptions, ImportResult } from "./import/import-options.js";
import type { ScopesPage } from "../store/memory-store.js";

interface State {
  context: MemoryContext;
  mismatch?: EmbedderMismatchError;
}

const readKeys = [...scopeFields, "anyScope", "actor", "include"] as const;
const searchKeys = [
  ...scopeFields,
  "filters",
  "limit",
  "threshold",
  "minRelevance",
  "types",
  "explain",
  "asOf",
  "include",
  "actor",
  "policy",
  "rerank",
  "maxAgeDays",
] as const;
const getAllKeys = [
  ...scopeFields,
  "filters",
  "limit",
  "cursor",
  "types",
  "asOf",
  "includeInvalid",
  "include",
  "actor",
] as const;
const contextKeys = [
  ...scopeFields,
  "tokenBudget",
  "types",
  "limit",
  "threshold",
  "minRelevance",
  "filters",
  "asOf",
  "include",
  "actor",
  "policy",
  "rerank",
  "maxAgeDays",
] as const;

/**
 * Long-term memory for agents: add, search, read, change and audit memories, scoped to users, agents and runs.
 * @example
 * const memory = new Memory();
 * await memory.add("I'm vegetarian", { userId: "alice" });
 * const { results } = await memory.search("what does alice eat?", { userId: "alice" });
 */
export class Memory {
  private state?: Promise<State>;
  private closed = false;
  private readonly extraction: ExtractionSettings;

  private readonly lifecycle: ResolvedLifecycle;

  private readonly options: MemoryOptions;

  constructor(options: MemoryOptions = {}) {
    // Read once as plain data: what was checked is what is used, whatever getters or proxies do later.
    this.options = snapshotMemoryOptions(options);
    options = this.options;
    this.extraction = checkMemoryOptions(options);
    this.lifecycle = checkLifecycleOptions(options.lifecycle);
    if (options.retrieval?.accessDecay && !this.lifecycle.trackAccess) {
      throw new InvalidArgumentError({
        argument: "options.retrieval.accessDecay",
        message: "needs read counts: turn on lifecycle.trackAccess too.",
      });
    }
  }

  private async init(): Promise<State> {
    const store = this.options.store ?? (await loadDefaultStore(this.options.path));
    const embedder = this.options.embedder ?? (await loadDefaultEmbedder());
    const context: MemoryContext = {
      store,
      embedder,
      retrieval: this.options.retrieval ?? {},
      actor: this.options.actor ?? "api",
      now: this.options._internal?.now ?? (() => new Date()),
      generateId: this.options._internal?.generateId ?? (() => crypto.randomUUID()),
      accessLog: this.options.accessLog === true,
      lifecycle: this.lifecycle,
      embedderTimeoutMs: this.options.embedderTimeoutMs ?? defaultEmbedderTimeoutMs,
    };
    if (context.accessLog) requireAccessLogSupport(context);
    if (this.lifecycle.trackAccess) {
      if (!store.touch) {
        throw new UnsupportedCapabilityError({
          capability: "trackAccess",
          message: `The ${store.name} store cannot count reads (it has no touch()); use the SQLite or in-memory store, or turn lifecycle.trackAccess off.`,
        });
      }
      context.accesses = new AccessTracker(store, this.lifecycle.trackAccess.flushEveryMs);
    }
    const mismatch = await checkEmbedder(store, embedder);
    return mismatch ? { context, mismatch } : { context };
  }

  private async ready(allowMismatch = false): Promise<MemoryContext> {
    if (this.closed)
      throw new InvalidArgumentError({
        argument: "this",
        message: "this Memory was closed; create a new one.",
      });
    this.state ??= this.init();
    let state: State;
    try {
      state = await this.state;
    } catch (error) {
      this.state = undefined; // let a later call retry (e.g. after the store comes back)
      throw error;
    }
    if (state.mismatch && !allowMismatch) throw state.mismatch;
    return state.context;
  }

  /** Resolves the store and embedder now (they are otherwise resolved on first use). */
  async initialize(): Promise<void> {
    await this.ready();
  }

  /**
   * Stores messages or text for a scope; returns what was added, updated, superseded or found to be known already.
   * With `infer: true` it extracts memories (one model call with `llm`, rules without) and applies all changes atomically.
   */
  async add(
    messages:
      | string
      | Array<{
          role: string;
          content: unknown;
          id?: string;
          name?: string;
          timestamp?: string | Date | number;
        }>,
    options: AddOptions,
  ): Promise<AddResult> {
    messages = snapshotArgument(messages, "messages");
    options = snapshotArgument(options, "options");
    requireScope(options, "add");
    return addMemories(await this.ready(), messages, options, this.extraction);
  }

  /**
   * Builds a prompt block of the scope's current memories most relevant to the query, grouped by type, fenced as
   * data (not instructions) and cut to a token budget; also returns the ids included.
   * @example
   * const { text, ids } = await memory.buildContext("plan my week", { userId: "alice", tokenBudget: 400 });
   */
  async buildContext(
    query: string,
    options: BuildContextOptions & { actor?: string },
  ): Promise<BuildContextResult> {
    options = snapshotArgument(options, "options");
    const scope = requireScope(options, "buildContext");
    checkKnownKeys(options, contextKeys, "options");
    const actor = checkActor(options.actor);
    const { actor: _actor, ...rest } = options;
    const context = await this.ready();
    const result = await buildContext(context, query, rest as BuildContextOptions);
    await recordAccess(context, {
      operation: "buildContext",
      actor: actor ?? context.actor,
      scope,
      query,
      memoryIds: result.ids,
    });
    return result;
  }

  /** Finds the memories most relevant to the query inside a scope, best first. */
  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    options = snapshotArgument(options, "options");
    const scope = requireScope(options, "search");
    checkKnownKeys(options, searchKeys, "options");
    const actor = checkActor(options.actor);
    const { actor: _actor, ...rest } = options;
    const context = await this.ready();
    const result = await searchMemories(context, query, rest as SearchOptions, { policies: true });
    const memoryIds = result.results.map((item) => item.id);
    await recordAccess(context, {
      operation: "search",
      actor: actor ?? context.actor,
      scope,
      query,
      memoryIds,
    });
    return result;
  }

  /**
   * Reads one memory; null when it does not exist or lies outside the given scope. The scope is required:
   * `{ anyScope: true }` says explicitly that maintenance code may read any scope.
   */
  async get(id: string, options: ReadOptions): Promise<MemoryItem | null> {
    options = snapshotArgument(options, "options");
    const scope = byIdScope(options, "get");
    checkKnownKeys(options, readKeys, "options");
    const actor = checkActor((options as { actor?: unknown }).actor);
    const include = checkInclude((options as { include?: unknown }).include);
    const context = await this.ready();
    const [found] = await context.store.get([checkId(id)], scope);
    // Held for review: out of every read unless the reviewer asks for it.
    const record = found?.pending && !include?.includes("pending") ? undefined : found;
    await recordAccess(context, {
      operation: "get",
      actor: actor ?? context.actor,
      scope,
      memoryIds: record ? [record.id] : [],
    });
    return record ? toItem(record, context.now().toISOString()) : null;
  }

  /** Lists a scope's current memories, newest first, one page at a time. */
  async getAll(options: GetAllOptions): Promise<GetAllResult> {
    options = snapshotArgument(options, "options");
    const scope = requireScope(options, "getAll");
    checkKnownKeys(options, getAllKeys, "options");
    const actor = checkActor(options.actor);
    const context = await this.ready();
    const filter = combineFilters(options?.filters, options?.types);
    const include = checkInclude(options?.include);
    const at = checkAsOf(options?.asOf) ?? context.now().toISOString();
    const page = await context.store.list({
      scope,
      limit: checkLimit(options?.limit, "options.limit", 100),
      asOf: at,
      ...(options?.includeInvalid || include ? { includeInvalid: true } : {}),
      ...(filter ? { filter } : {}),
      ...(options?.cursor !== undefined ? { cursor: options.cursor } : {}),
    });
    // With `include` the store lists every state and the page keeps the chosen ones (pages may come out short).
    const records =
      include && !options?.includeInvalid
        ? page.records.filter((record) => inSelection(record, include, at))
        : page.records;
    const results = records.map((record) => toItem(record, at));
    await recordAccess(context, {
      operation: "getAll",
      actor: actor ?? context.actor,
      scope,
      memoryIds: results.map((item) => item.id),
    });
    return page.nextCursor ? { results, nextCursor: page.nextCursor } : { results };
  }

  /**
   * Changes a memory's text, metadata or type inside the given scope; records history. `expectedVersion` makes it
   * fail with a VersionConflictError when the memory changed since it was read; `redact` erases the old text from
   * history too. Runs the `beforeWrite` hook and the agent's write policy.
   */
  async update(id: string, changes: UpdateInput, options: WriteOptions): Promise<MemoryItem> {
    changes = snapshotArgument(changes, "changes");
    options = snapshotArgument(options, "options");
    return updateById(await this.ready(), this.extraction, id, changes, options);
  }

  /**
   * Forgets one memory inside the given scope: it is removed, and its history keeps only content-free entries
   * (event, time, actor), so the audit trail says that something was forgotten, not what.
   */
  async delete(id: string, options: DeleteOptions): Promise<{ id: string; deleted: true }> {
    options = snapshotArgument(options, "options");
    return deleteById(await this.ready(), this.extraction, id, options);
  }

  /**
   * Archives a memory inside the given scope: it is kept (and versioned, with an ARCHIVE entry in history) but
   * leaves default reads; `include: ["archived"]` finds it, `restore()` brings it back, adding it again restores it.
   */
  async archive(id: string, options: DeleteOptions): Promise<MemoryItem> {
    options = snapshotArgument(options, "options");
    return setArchivedById(await this.ready(), this.extraction, id, options, true);
  }

  /**
   * Approves a memory held for review (by `beforeWrite` returning "pending", or an agent policy with `review`):
   * it enters reads from now, with an APPROVE entry in history.
   */
  async approve(id: string, options: DeleteOptions): Promise<MemoryItem> {
    options = snapshotArgument(options, "options");
    return approveById(await this.ready(), this.extraction, id, options);
  }

  /** Rejects a memory held for review: it is forgotten (content-free DELETE entry with reason "rejected"). */
  async reject(id: string, options: DeleteOptions): Promise<{ id: string; deleted: true }> {
    options = snapshotArgument(options, "options");
    return rejectById(await this.ready(), this.extraction, id, options);
  }

  /** The scope's memories waiting for review, newest first, one page at a time (pages may come out short). */
  async listPending(options: GetAllOptions): Promise<GetAllResult> {
    options = snapshotArgument(options, "options");
    requireScope(options, "listPending");
    const { include: _include, includeInvalid: _all, ...rest } = options as GetAllOptions;
    const page = await this.getAll({ ...rest, include: ["pending"] } as GetAllOptions);
    const results = page.results.filter((item) => item.state === "pending");
    return page.nextCursor ? { results, nextCursor: page.nextCursor } : { results };
  }

  /**
   * Records whether a memory helped: a FEEDBACK entry in history (with the note), importance up by 0.1 when helpful
   * or down by 0.2 when not, and a `correction` stored as a `feedback` memory about it, all in one atomic write.
   * @example
   * await memory.feedback(id, { helpful: false, correction: "Moved to Porto in 2025" }, { userId: "alice" });
   */
  async feedback(id: string, input: FeedbackInput, options: DeleteOptions): Promise<FeedbackResult> {
    input = snapshotArgument(input, "feedback");
    options = snapshotArgument(options, "options");
    return feedbackById(await this.ready(), this.extraction, id, input, options);
  }

  /**
   * Records what an agent did (a tool call and its result, a finished task, a changed plan) as an `episode` memory
   * with the event's kind as its source role, not as something the user said; summaries condense episodes later.
   * @example
   * await memory.addEvent({ kind: "tool", name: "book_table", input: { at: "Nopa" }, output: "booked 19:30" }, { userId: "alice" });
   */
  async addEvent(event: AgentEvent, options: AddEventOptions): Promise<AddResult> {
    event = snapshotArgument(event, "event");
    options = snapshotArgument(options, "options");
    requireScope(options, "addEvent");
    return addEvent(await this.ready(), event, options, this.extraction);
  }

  /**
   * Consolidates the scope's memories (`{ anyScope: true }` for every scope): merges near-duplicates (MERGE),
   * retires what a newer memory contradicts (SUPERSEDE), condenses old episodes into summaries (SUMMARIZE), applies
   * TTL policies (EXPIRE) and archive policies (ARCHIVE). Non-destructive: every source stays reachable through
   * `mergedInto`, `supersededBy` and `derivedFrom`, and `asOf` before the run shows the view before it. Offline it
   * is deterministic; with an `llm` the model writes summaries and judges look-alikes, one call per cluster.
   * @example
   * const plan = await memory.consolidate({ userId: "alice", dryRun: true });
   * await memory.consolidate({ userId: "alice", only: plan.steps.map((step) => step.id) });
   */
  async consolidate(options: ConsolidateOptions): Promise<ConsolidationReport> {
    options = snapshotArgument(options, "options");
    return consolidate(await this.ready(), this.extraction, options, {
      policy: this.lifecycle.consolidate || resolveConsolidationPolicy({}, "options.lifecycle.consolidate"),
      archive: this.lifecycle.archive,
    });
  }

  /**
   * One maintenance run (for cron jobs and queues; `scheduleMaintenance` for a long-lived process): consolidates
   * (see `consolidate()`; archive policies included) and forgets memories expired long enough ago, as guarded
   * writes with history. `dryRun` only reports the plan.
   */
  async maintain(options: MaintainOptions): Promise<MaintainReport> {
    options = snapshotArgument(options, "options");
    return maintain(await this.ready(), this.extraction, options, {
      archive: this.lifecycle.archive,
      consolidate: this.lifecycle.consolidate,
      ...(this.lifecycle.purgeExpiredAfter !== undefined
        ? { purgeExpiredAfter: this.lifecycle.purgeExpiredAfter }
        : {}),
    });
  }

  /** Brings an archived memory back into default reads (a RESTORE entry in history). */
  async restore(id: string, options: DeleteOptions): Promise<MemoryItem> {
    options = snapshotArgument(options, "options");
    return setArchivedById(await this.ready(), this.extraction, id, options, false);
  }

  /**
   * Forgets the scope's expired memories (`{ anyScope: true }` for every scope), optionally only those expired at
   * least `olderThan` ago: the only path from expired to gone; history keeps content-free DELETE entries.
   */
  async purgeExpired(options: PurgeExpiredOptions): Promise<PurgeExpiredResult> {
    options = snapshotArgument(options, "options");
    return purgeExpired(await this.ready(), this.extraction, options);
  }

  /** Forgets every memory of a scope (current and past) and erases the scope's history content and access log. */
  async deleteAll(options: ScopeWriteOptions): Promise<DeleteAllResult> {
    options = snapshotArgument(options, "options");
    const scope = requireScope(options, "deleteAll");
    checkKnownKeys(options, [...scopeFields, "actor"], "options");
    const actor = checkActor(options.actor);
    const context = await this.ready(true);
    return deleteAllInScope(context, this.extraction, scope, actor ?? context.actor);
  }

  /** The audit trail of one memory, oldest first; after a delete only its content-free entries remain. */
  async history(id: string, options: ReadOptions): Promise<HistoryEntry[]> {
    options = snapshotArgument(options, "options");
    const scope = byIdScope(options, "history");
    checkKnownKeys(options, readKeys, "options");
    const context = await this.ready(true);
    return (await context.store.history({ scope, memoryId: checkId(id) })).entries;
  }

  /** Everything held about a scope: its memories (past ones included) and every history entry, for data requests. */
  async export(options: ScopeSelector): Promise<MemoryExport> {
    options = snapshotArgument(options, "options");
    const scope = requireScope(options, "export");
    checkKnownKeys(options, scopeFields, "options");
    return exportScope(await this.ready(true), scope);
  }

  /**
   * Every stored scope (each user/agent/run combination its memories hold) with memory counts by state, from
   * counts the store keeps on write; `filter` narrows, e.g. `{ userId: "alice" }` for her agents and runs.
   * @example
   * const { scopes } = await memory.scopes({ filter: { userId: "alice" } });
   */
  async scopes(options: ScopesOptions = {}): Promise<ScopesPage> {
    options = snapshotArgument(options, "options");
    return listScopes(await this.ready(true), options);
  }

  /**
   * Reads back an `export()` (the object, its lines, or a stream of JSONL lines): keeps ids, versions, validity,
   * sources, metadata and history; re-embeds with this Memory's embedder. Idempotent: what the store already
   * holds is skipped, never overwritten. Writes only the data's scope (or `renameScope`); atomic per batch.
   * @example
   * await memory.import(await memory.export({ userId: "alice" }));
   */
  async import(data: ImportData, options: ImportOptions = {}): Promise<ImportResult> {
    options = snapshotArgument(options, "options");
    return importMemories(await this.ready(), data, options);
  }

  /** The access log of a scope (needs `accessLog: true`): who read which memories, oldest first. */
  async accessLog(scope: ScopeSelector, options: AccessLogOptions = {}): Promise<AccessLogPage> {
    scope = snapshotArgument(scope, "scope");
    options = snapshotArgument(options, "options");
    const checked = requireScope(scope, "accessLog", "scope");
    checkKnownKeys(scope, scopeFields, "scope");
    checkKnownKeys(options, ["since", "limit", "cursor"], "options");
    const context = await this.ready(true);
    requireAccessLogSupport(context);
    const since = checkAsOf(options.since, "options.since");
    return context.store.readAccessLog!({
      scope: checked,
      limit: checkLimit(options.limit, "options.limit", 100),
      ...(since ? { since } : {}),
      ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    });
  }

  /** Re-embeds every memory in the store with the configured embedder and records it; returns the count. */
  async reembed(): Promise<{ reembedded: number }> {
    const context = await this.ready(true);
    let reembedded = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await context.store.list({
        scope: null,
        limit: 256,
        includeInvalid: true,
        ...(cursor ? { cursor } : {}),
      });
      const vectors = await embedTexts(
        context.embedder,
        page.records.map((record) => indexedText(record)),
        embedOptions(context),
      );
      const upserts = page.records.map((record, index) => ({
        ...record,
        embedding: vectors[index]!,
        version: record.version + 1,
      }));
      try {
        if (upserts.length) await context.store.write({ upserts, deletes: [], history: [] });
      } catch (error) {
        if (!VersionConflictError.isInstance(error)) throw error;
        continue; // a memory of this page changed meanwhile: read the page again
      }
      reembedded += upserts.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    await context.store.setMeta(
      embedderMetaKey,
      JSON.stringify({ name: context.embedder.name, dimensions: context.embedder.dimensions }),
    );
    const state = await this.state!;
    delete state.mismatch;
    return { reembedded };
  }

  /** Deletes everything in the store: all scopes, all history. */
  async reset(): Promise<void> {
    const context = await this.ready(true);
    await context.store.reset();
    await context.store.setMeta(
      embedderMetaKey,
      JSON.stringify({ name: context.embedder.name, dimensions: context.embedder.dimensions }),
    );
    const state = await this.state!;
    delete state.mismatch;
  }

  /** Releases the store's resources; the Memory cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    const state = this.state ? await this.state.catch(() => undefined) : undefined;
    this.closed = true;
    try {
      // Counted reads still waiting are written first (a store that is down loses them, and says so).
      await state?.context.accesses?.flush();
    } finally {
      // A store passed in by the caller may be shared with other Memory instances: only close our own.
      if (state && !this.options.store) await state.context.store.close?.();
    }
  }
}
