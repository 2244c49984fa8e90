import { randomUUID } from "node:crypto";
import { type BuildContextOptions, type BuildContextResult, buildContext } from "../context/build-context.js";
import { embedTexts } from "../embedders/embed-texts.js";
import { checkExtractionOptions } from "../extraction/check-extraction-options.js";
import type { EmbedderMismatchError } from "../errors/index.js";
import { InvalidArgumentError } from "../errors/index.js";
import { checkMetadata, optionalScope, requireScope } from "../scope.js";
import type { HistoryEntry, MemoryItem, Scope } from "../types.js";
import { addMemories, checkType, type ExtractionSettings } from "./add-memories.js";
import { applyOperations } from "./apply-operations.js";
import { checkId, loadMemory } from "./by-id.js";
import { loadDefaultEmbedder, loadDefaultStore } from "./default-components.js";
import { checkEmbedder, embedderMetaKey } from "./embedder-check.js";
import type { MemoryContext } from "./memory-context.js";
import type {
  AddOptions,
  AddResult,
  GetAllOptions,
  GetAllResult,
  MemoryExport,
  MemoryOptions,
  ScopeOptions,
  SearchOptions,
  SearchResult,
  UpdateInput,
  WriteOptions,
} from "./memory-options.js";
import { checkAsOf, checkLimit, combineFilters, searchMemories } from "./search-memories.js";
import { toItem } from "./to-item.js";
import { indexedText } from "./indexed-text.js";

interface State {
  context: MemoryContext;
  mismatch?: EmbedderMismatchError;
}

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

  constructor(private readonly options: MemoryOptions = {}) {
    this.extraction = {
      options: checkExtractionOptions(options.extraction),
      actor: options.actor ?? (options.llm ? "extractor:llm" : "extractor:rules"),
      ...(options.llm ? { llm: options.llm } : {}),
    };
    if (
      options.llm !== undefined &&
      (typeof options.llm?.generate !== "function" || options.llm.specificationVersion !== "v1")
    ) {
      throw new InvalidArgumentError({
        argument: "options.llm",
        message:
          'expected a ChatModel ({ specificationVersion: "v1", name, generate }), e.g. createOpenAIChatModel() from @engram/provider-openai.',
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
      generateId: this.options._internal?.generateId ?? randomUUID,
    };
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
    messages: string | Array<{ role: string; content: unknown; id?: string; name?: string }>,
    options?: AddOptions,
  ): Promise<AddResult> {
    return addMemories(await this.ready(), messages, options, this.extraction);
  }

  /**
   * Builds a prompt block of the scope's current memories most relevant to the query, grouped by type, fenced as
   * data (not instructions) and cut to a token budget; also returns the ids included.
   * @example
   * const { text, ids } = await memory.buildContext("plan my week", { userId: "alice", tokenBudget: 400 });
   */
  async buildContext(query: string, options: BuildContextOptions): Promise<BuildContextResult> {
    return buildContext(await this.ready(), query, options);
  }

  /** Finds the memories most relevant to the query inside a scope, best first. */
  async search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return searchMemories(await this.ready(), query, options);
  }

  /** Reads one memory; null when it does not exist or lies outside the given scope. */
  async get(id: string, scope?: ScopeOptions): Promise<MemoryItem | null> {
    const context = await this.ready();
    const [record] = await context.store.get([checkId(id)], optionalScope(scope as Record<string, unknown>));
    return record ? toItem(record) : null;
  }

  /** Lists a scope's current memories, newest first, one page at a time. */
  async getAll(options?: GetAllOptions): Promise<GetAllResult> {
    const scope = requireScope(options as Record<string, unknown>, "getAll");
    const context = await this.ready();
    const filter = combineFilters(options?.filters, options?.types);
    const page = await context.store.list({
      scope,
      limit: checkLimit(options?.limit, "options.limit", 100),
      asOf: checkAsOf(options?.asOf) ?? context.now().toISOString(),
      ...(options?.includeInvalid ? { includeInvalid: true } : {}),
      ...(filter ? { filter } : {}),
      ...(options?.cursor !== undefined ? { cursor: options.cursor } : {}),
    });
    return page.nextCursor
      ? { results: page.records.map(toItem), nextCursor: page.nextCursor }
      : { results: page.records.map(toItem) };
  }

  /** Changes a memory's text, metadata or type (scope-checked when a scope is given); records history. */
  async update(id: string, changes: UpdateInput, scope?: WriteOptions): Promise<MemoryItem> {
    const context = await this.ready();
    const target = await loadMemory(context, id, optionalScope(scope as Record<string, unknown>));
    if (typeof changes !== "object" || changes === null) {
      throw new InvalidArgumentError({
        argument: "changes",
        message: "expected { memory?, metadata?, type? }.",
      });
    }
    if (changes.memory !== undefined && (typeof changes.memory !== "string" || !changes.memory.trim())) {
      throw new InvalidArgumentError({ argument: "changes.memory", message: "expected non-empty text." });
    }
    const metadata =
      changes.metadata === undefined ? undefined : checkMetadata(changes.metadata, "changes.metadata");
    const type = checkType(changes.type, "changes.type");
    await applyOperations(
      context,
      {},
      [
        {
          event: "UPDATE",
          target,
          ...(changes.memory !== undefined ? { memory: changes.memory.trim() } : {}),
          ...(metadata ? { metadata } : {}),
          ...(type ? { type } : {}),
        },
      ],
      scope?.actor ?? context.actor,
    );
    return toItem((await context.store.get([target.id], null))[0]!);
  }

  /** Deletes one memory (scope-checked when a scope is given); its history remains. */
  async delete(id: string, scope?: WriteOptions): Promise<{ id: string; deleted: true }> {
    const context = await this.ready();
    const target = await loadMemory(context, id, optionalScope(scope as Record<string, unknown>));
    await applyOperations(context, {}, [{ event: "DELETE", target }], scope?.actor ?? context.actor);
    return { id: target.id, deleted: true };
  }

  /** Deletes every memory of a scope (current and superseded); returns how many were deleted. */
  async deleteAll(options: ScopeOptions & { actor?: string }): Promise<{ deleted: number }> {
    const scope = requireScope(options as Record<string, unknown>, "deleteAll");
    const context = await this.ready(true);
    let deleted = 0;
    for (;;) {
      const page = await context.store.list({ scope, limit: 500, includeInvalid: true });
      if (page.records.length === 0) return { deleted };
      const operations = page.records.map((target) => ({ event: "DELETE" as const, target }));
      await applyOperations(context, scope, operations, options.actor ?? context.actor);
      deleted += page.records.length;
    }
  }

  /** The audit trail of one memory, oldest first; still available after the memory is deleted. */
  async history(id: string, scope?: ScopeOptions): Promise<HistoryEntry[]> {
    const context = await this.ready(true);
    return context.store.history(checkId(id), optionalScope(scope as Record<string, unknown>));
  }

  /** Everything stored for a scope (memories, superseded ones included, and their history), for data export. */
  async export(options: ScopeOptions): Promise<MemoryExport> {
    const scope: Scope = requireScope(options as Record<string, unknown>, "export");
    const context = await this.ready(true);
    const memories: MemoryItem[] = [];
    const history: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await context.store.list({
        scope,
        limit: 500,
        includeInvalid: true,
        ...(cursor ? { cursor } : {}),
      });
      for (const record of page.records) {
        memories.push(toItem(record));
        history.push(...(await context.store.history(record.id, scope)));
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { scope, exportedAt: context.now().toISOString(), memories, history };
  }

  /** Re-embeds every memory in the store with the configured embedder and records it; returns the count. */
  async reembed(): Promise<{ reembedded: number }> {
    const context = await this.ready(true);
    let reembedded = 0;
    let cursor: string | undefined;
    do {
      const page = await context.store.list({
        scope: null,
        limit: 256,
        includeInvalid: true,
        ...(cursor ? { cursor } : {}),
      });
      const vectors = await embedTexts(
        context.embedder,
        page.records.map((record) => indexedText(record)),
      );
      const upserts = page.records.map((record, index) => ({ ...record, embedding: vectors[index]! }));
      if (upserts.length) await context.store.write({ upserts, deletes: [], history: [] });
      reembedded += upserts.length;
      cursor = page.nextCursor;
    } while (cursor);
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
    // A store passed in by the caller may be shared with other Memory instances: only close our own.
    if (state && !this.options.store) await state.context.store.close?.();
  }
}
