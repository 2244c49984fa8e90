import type { Embedder } from "../embedders/embedder.js";
import type { ExtractionOptions, SkippedOperation } from "../extraction/extraction-options.js";
import type { ChatModel } from "../models/chat-model.js";
import type { MemoryFilter } from "../filters/index.js";
import type {
  RelevanceFloorOptions,
  RetrievalOptions,
  RetrievalSelectionOptions,
} from "../retrieval/retrieval-options.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { DeduplicationOptions } from "./deduplication-options.js";
import type { ContextWindow } from "./context-window.js";
import type { LifecycleOptions } from "./lifecycle-options.js";
import type {
  MemoryState,
  AnyScope,
  HistoryEntry,
  MemoryItem,
  MemoryType,
  Metadata,
  ScoredMemoryItem,
  Scope,
  ScopeSelector,
} from "../types.js";

/** Options of `new Memory()`; every field is optional. */
export interface MemoryOptions {
  /** Where memories live. @default a SQLite store at `<path>/memory.db` (needs better-sqlite3) */
  store?: MemoryStore;
  /** Turns text into vectors. @default the offline wink word-vector embedder (vectors from @engram/wink-vectors) */
  embedder?: Embedder;
  /** Folder of the default SQLite store. @default process.env.ENGRAM_DIR ?? "./.engram" */
  path?: string;
  /** How search scores combine. */
  retrieval?: RetrievalOptions;
  /** Who is recorded in history for writes that do not name an actor. @default "api" ("extractor:llm" or "extractor:rules" for inferred adds) */
  actor?: string;
  /** The model that extracts memories in `add(…, { infer: true })`; without one, a rule-based English extractor is used. */
  llm?: ChatModel;
  /** How inferred adds decide what to remember: instructions, types, a redaction hook, per-agent policies. */
  extraction?: ExtractionOptions;
  /**
   * Which existing memories a write is reconciled with (exact and slot dedup, supersede, the model's related
   * memories). "user": every current memory of the write's user (and agent, when given), across runs, so one fact
   * has one current truth per user; writes that name only a runId stay in their run. "scope": only memories of
   * exactly the write's scope. @default "user"
   */
  reconciliation?: "user" | "scope";
  /** Record every read (search, get, getAll, buildContext: who, what, when) in the store; see `memory.accessLog()`. @default false */
  accessLog?: boolean;
  /**
   * How `add()` recognises a fact it already has in other words: `{ near: false }` keeps exact-text dedup only,
   * `threshold` sets the embedder similarity a near-duplicate needs (measured defaults for the shipped embedders).
   */
  deduplication?: DeduplicationOptions;
  /** How memories leave default reads over time, e.g. `{ ttl: { episode: "30d" } }` (see "Keeping memory small and current"). */
  lifecycle?: LifecycleOptions;
  /**
   * How long one embedder call may take, in ms; a slower one is abandoned with a ModelTimeoutError and the add,
   * update or search that needed it changes nothing. @default 30000
   */
  embedderTimeoutMs?: number;
  /**
   * How long one chat model call (extraction, consolidation) may take, in ms; the request's `abortSignal` aborts
   * then and the call fails with a ModelTimeoutError (an inferred add writes nothing). @default 60000
   */
  llmTimeoutMs?: number;
  /** Test hooks: a clock and an id generator. */
  _internal?: {
    /** Current time. */
    now?: () => Date;
    /** New memory and history ids. */
    generateId?: () => string;
  };
}

/** The scope every scoped method takes: at least one of userId, agentId and runId. */
export type ScopeOptions = ScopeSelector;

/** The scope a by-id method takes: a scope, or `{ anyScope: true }` for maintenance code. */
export type ByIdScope = ScopeSelector | AnyScope;

/** Options of `add()`: a scope plus `AddSettings`. */
export type AddOptions = ScopeSelector & AddSettings;

/** What `add()` takes besides the scope. */
export interface AddSettings {
  /** Metadata stored with each new memory (scope keys are refused). */
  metadata?: Metadata;
  /** Type of the new memories when storing verbatim (inferred memories get their type from the extractor). @default "fact" */
  type?: MemoryType;
  /**
   * Extract memories (true) or store the text verbatim (false). With `llm` configured, extraction is one model
   * call that also updates, supersedes and deletes related memories; without one, a rule-based extractor for
   * first-person English runs. @default false
   */
  infer?: boolean;
  /**
   * Report a duplicate of a current memory in the same scope as NONE instead of storing it again: true catches the
   * same text and the same fact in other words (see `deduplication` on `new Memory()`), "exact" only the same
   * text. Turn off for key-addressed storage where two keys may hold the same text (e.g. a LangGraph store).
   * @default true
   */
  deduplicate?: boolean | "exact";
  /**
   * When storing verbatim, index each message together with up to this many preceding messages of the same call,
   * or `{ before, after }` neighbours (kept as the memory's `context`: searchable, not part of its text, not its
   * source). Conversational turns are elliptical, so this finds an answer through the question before it; `0`
   * turns it off. @default `{ before: 2, after: 0 }` for a message array (`defaultContextWindow`), none for a string
   */
  contextWindow?: number | ContextWindow;
  /** Who is recorded in history. */
  actor?: string;
  /**
   * Provenance kept in each new memory's sources without scoping the memory to it, e.g. `{ runId: threadId }`
   * to remember which conversation a user-level memory came from.
   */
  source?: { runId?: string };
  /**
   * When the new memories expire (ISO 8601 string or Date), or null for never; from then on they are out of
   * default reads. @default the `lifecycle.ttl` of their type, else never
   */
  expiresAt?: string | Date | null;
  /** Importance of the new memories in [0, 1]. @default the model's, else estimated offline from the text */
  importance?: number;
  /**
   * When the messages were said (ISO 8601 string with a time zone, or a Date), e.g. a chat session's date, for
   * messages without a `timestamp` of their own: new memories are valid from then (never later than now).
   * @default now
   */
  timestamp?: string | Date;
}

/** What `add()` did for one memory. */
export interface AddResultItem {
  /** The memory's id. */
  id: string;
  /** The memory text (the new text for UPDATE). */
  memory: string;
  /**
   * ADD: stored; UPDATE: an existing memory changed; DELETE: an existing memory stopped being true (it is
   * invalidated, kept for history and `asOf`); NONE: already known, nothing stored.
   */
  event: "ADD" | "UPDATE" | "DELETE" | "NONE";
  /** The text before an UPDATE or DELETE. */
  previousMemory?: string;
  /** Ids of memories this one superseded (they are kept in history with validTo set). */
  superseded?: string[];
  /** True when the new memory is held for review: out of every read until `approve()`. */
  pending?: true;
  /** NONE only: the memory already says the added text in other words (see `deduplication`). */
  nearDuplicate?: NearDuplicateMatch;
}

/** A text `add()` did not store because a current memory says the same in other words. */
export interface NearDuplicateMatch {
  /** The text that was not stored. */
  memory: string;
  /** Cosine similarity of the two texts under the configured embedder. */
  similarity: number;
  /** Share of content terms the two texts have in common (Jaccard). */
  overlap: number;
}

/** The result of `add()`. */
export interface AddResult {
  /** One entry per memory touched. */
  results: AddResultItem[];
  /** Operations proposed by the extractor but not applied (unknown targets, vetoes, policy), with reasons. */
  skipped?: SkippedOperation[];
}

/** Options of `search()`: a scope plus `SearchSettings`. */
export type SearchOptions = ScopeSelector & SearchSettings;

/** What `search()` takes besides the scope. */
export interface SearchSettings extends RelevanceFloorOptions, RetrievalSelectionOptions {
  /** Filter on metadata and built-in fields. */
  filters?: MemoryFilter;
  /** How many results. @default the policy's limit, else 10 */
  limit?: number;
  /** Drop results whose fused score is below this (judged before reranking). @default 0 */
  threshold?: number;
  /** Only these memory types. @default the policy's types, else all */
  types?: MemoryType[];
  /** Attach each score's components. @default false */
  explain?: boolean;
  /** Search what was believed true at this time (ISO string or Date). @default now */
  asOf?: string | Date;
  /** Also search memories in these states, e.g. `["archived"]` (active ones are always searched). */
  include?: Array<Exclude<MemoryState, "active">>;
  /** Who is recorded in the access log. */
  actor?: string;
}

/** The result of `search()`. */
export interface SearchResult {
  /** Best first. */
  results: ScoredMemoryItem[];
}

/** Options of `getAll()`: a scope plus `GetAllSettings`. */
export type GetAllOptions = ScopeSelector & GetAllSettings;

/** What `getAll()` takes besides the scope. */
export interface GetAllSettings {
  /** Filter on metadata and built-in fields. */
  filters?: MemoryFilter;
  /** Page size. @default 100 */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Only these memory types. */
  types?: MemoryType[];
  /** List what was believed true at this time. @default now */
  asOf?: string | Date;
  /** Also list memories in every other state (superseded, archived, expired). @default false */
  includeInvalid?: boolean;
  /** Also list memories in these states, e.g. `["archived"]` (active ones are always listed). */
  include?: Array<Exclude<MemoryState, "active">>;
  /** Who is recorded in the access log. */
  actor?: string;
}

/** One page of `getAll()`. */
export interface GetAllResult {
  /** Newest first. */
  results: MemoryItem[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** Changes accepted by `update()`. */
export interface UpdateInput {
  /** New text (re-embedded). */
  memory?: string;
  /** Metadata keys to set (merged into the existing metadata; a null value removes the key). */
  metadata?: Metadata;
  /** New type. */
  type?: MemoryType;
  /** New expiry time (ISO 8601 string or Date), or null so that it never expires. */
  expiresAt?: string | Date | null;
  /** New importance in [0, 1]. */
  importance?: number;
}

/** Options of `get()` and `history()`: the scope (or `{ anyScope: true }`) plus an actor for the access log. */
export type ReadOptions = ByIdScope & {
  /** Who is recorded in the access log. */
  actor?: string;
  /** `get()` returns memories held for review only with `include: ["pending"]`. */
  include?: Array<Exclude<MemoryState, "active">>;
};

/** Options of `delete()`: the scope (or `{ anyScope: true }`) plus `DeleteSettings`. */
export type DeleteOptions = ByIdScope & DeleteSettings;

/** What `delete()` takes besides the scope. */
export interface DeleteSettings {
  /** Who is recorded in history. */
  actor?: string;
  /** Fail with a VersionConflictError unless the memory is at this version (optimistic concurrency). */
  expectedVersion?: number;
}

/** Options of `update()`: the scope (or `{ anyScope: true }`) plus `UpdateSettings`. */
export type WriteOptions = ByIdScope & UpdateSettings;

/** What `update()` takes besides the scope. */
export interface UpdateSettings extends DeleteSettings {
  /**
   * Replace the old text everywhere: earlier history entries of the memory lose their values (they are marked
   * `erased`), so the replaced text is gone from the store, e.g. to remove personal data. @default false
   */
  redact?: boolean;
}

/** Options of `deleteAll()` and `export()`: a scope, plus an actor for deleteAll. */
export type ScopeWriteOptions = ScopeSelector & { actor?: string };

/** Options of `memory.accessLog()`. */
export interface AccessLogOptions {
  /** Only reads at or after this time. */
  since?: string | Date;
  /** Page size. @default 100 */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Everything stored for a scope, as returned by `export()`. */
export interface MemoryExport {
  /** The scope exported. */
  scope: Scope;
  /** When the export was made (ISO 8601). */
  exportedAt: string;
  /** Every memory of the scope, current and superseded. */
  memories: MemoryItem[];
  /** Every history entry of the scope, oldest first, forgotten memories' content-free entries included. */
  history: HistoryEntry[];
}
