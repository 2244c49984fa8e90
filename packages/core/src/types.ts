import type { RerankExplanation } from "./retrieval/reranker.js";
import type { PolicyExplanation } from "./retrieval/retrieval-policy.js";

/** A value that may be returned synchronously or as a promise (synchronous stores stay synchronous). */
export type MaybePromise<T> = T | Promise<T>;

/** A JSON-serialisable value, as stored in memory metadata. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Metadata attached to a memory: free-form JSON, never able to set scope fields. */
export type Metadata = Record<string, JsonValue>;

/** The identities a memory belongs to (as stored: any of the three may be absent). */
export interface Scope {
  /** The end user the memory is about. */
  userId?: string;
  /** The agent that owns or wrote the memory. */
  agentId?: string;
  /** A single run, session or thread. */
  runId?: string;
}

/**
 * A scope as methods take it: at least one of userId, agentId and runId, each a non-empty, well-formed string.
 * Several combine with AND.
 */
export type ScopeSelector =
  | { userId: string; agentId?: string; runId?: string }
  | { userId?: string; agentId: string; runId?: string }
  | { userId?: string; agentId?: string; runId: string };

/** Says explicitly that a by-id call may reach any scope: for maintenance and admin tools only. */
export interface AnyScope {
  /** Must be true; no scope field may be given with it. */
  anyScope: true;
}

/** Built-in memory types; any other non-empty string is accepted as a custom type. */
export type BuiltInMemoryType =
  | "fact"
  | "preference"
  | "episode"
  | "task_state"
  | "summary"
  | "profile"
  | "instruction";

/** The kind of a memory: a built-in type or a custom one. */
export type MemoryType = BuiltInMemoryType | (string & {});

/** Where a memory came from: the message role and id, when the caller gave them. */
export interface MemorySource {
  /** The chat role of the source message ("user", "assistant", …). */
  role?: string;
  /** The caller's id of the source message, e.g. a LoCoMo dialogue id. */
  messageId?: string;
  /** The source message's name field, when present. */
  name?: string;
  /** The run, session or thread the message was said in, when it is kept as provenance rather than as scope. */
  runId?: string;
  /** When the source message was said (ISO 8601), when the caller gave its time. */
  timestamp?: string;
}

/**
 * Where a memory is in its life. `active`: in every default read. `pending`: held for review (`beforeWrite`
 * returned "pending", or the agent's policy says `review`), out of every read until `approve()`. `superseded`: no longer true (replaced or
 * invalidated: `validTo`). `merged`: folded into a near-duplicate by `consolidate()` (`validTo` and `mergedInto`). `archived`: kept but out of default reads (`archive()`). `expired`: its `expiresAt`
 * has passed. Derived from the stored fields at the time of the read (or `asOf`).
 */
export type MemoryState = "active" | "pending" | "superseded" | "merged" | "archived" | "expired";

/** The fields a store keeps for every memory (the public item without its derived `state`). */
export interface StoredMemory {
  /** Unique id (a UUID unless `_internal.generateId` says otherwise). */
  id: string;
  /** 1 when added, +1 on every stored change (updates, superseding, invalidation, re-embedding). */
  version: number;
  /** The memory text. */
  memory: string;
  /** The memory's type. */
  type: MemoryType;
  /** SHA-256 of the normalised text, used for exact-duplicate detection. */
  hash: string;
  /** Caller metadata. */
  metadata: Metadata;
  /** Owning user, if any. */
  userId?: string;
  /** Owning agent, if any. */
  agentId?: string;
  /** Owning run or session, if any. */
  runId?: string;
  /** Creation time (ISO 8601). */
  createdAt: string;
  /** Last change time (ISO 8601). */
  updatedAt: string;
  /** The messages this memory was derived from. */
  sources: MemorySource[];
  /** Since when the memory holds (ISO 8601). */
  validFrom: string;
  /** Until when the memory held, or null while it is current. */
  validTo: string | null;
  /** The id of the memory that superseded this one, if any. */
  supersededBy?: string;
  /** The id of the memory this one was merged into by `consolidate()` (a near-duplicate that says as much). */
  mergedInto?: string;
  /** The ids of the memories this one was condensed from (a `summary` written by `consolidate()`). */
  derivedFrom?: string[];
  /** Single-valued attribute this memory fills (e.g. "location"), used to supersede old values. */
  slot?: string;
  /**
   * Text indexed together with the memory but not part of it, e.g. the messages that preceded it (see the
   * `contextWindow` option of `add()`): a search can find the memory through it.
   */
  context?: string;
  /** When the memory expires (ISO 8601): from then on it is out of default reads; absent when it never does. */
  expiresAt?: string;
  /** When the memory was archived (ISO 8601): from then on it is out of default reads until restored. */
  archivedAt?: string;
  /** True while the memory waits for review (`approve()` or `reject()`): out of every read until then. */
  pending?: true;
  /**
   * How much the memory matters, in [0, 1]: set by the caller, the model, or estimated offline; changed by
   * `feedback()`. Weighs in search only with `retrieval.importanceWeight`. Absent counts as 0.5.
   */
  importance?: number;
  /** How often the memory was returned by reads, when access tracking is on (`lifecycle.trackAccess`). */
  accessCount?: number;
  /** When a read last returned it (ISO 8601), when access tracking is on. */
  lastAccessedAt?: string;
}

/** A memory as returned by the public API. */
export interface MemoryItem extends StoredMemory {
  /** Where the memory is in its life at the time of the read (see `MemoryState`). */
  state: MemoryState;
}

/** A memory as persisted by a store: its stored fields plus its embedding. */
export interface MemoryRecord extends StoredMemory {
  /** Unit-length embedding of `memory`. */
  embedding: Float32Array;
  /**
   * Deduplication key (reconciliation scope and text hash) of a current memory: a store refuses a batch that
   * would give two records the same key. Absent on superseded and invalidated memories and when dedup is off.
   */
  uniqueKey?: string;
}

/** The components behind a search score. */
export interface ScoreExplanation {
  /** Cosine similarity between query and memory, clamped to [0, 1]. */
  vector: number;
  /** Raw BM25 score of the query terms in the memory (0 when no term matches). */
  bm25: number;
  /** BM25 squashed into [0, 1). */
  keyword: number;
  /** Query terms (stemmed) found in the memory. */
  matchedTerms: string[];
  /** Weighted relevance before recency and type weighting. */
  relevance: number;
  /** Recency multiplier in (0, 1] (1 when recency is off). */
  recency: number;
  /** Per-type weight applied (1 by default). */
  typeWeight: number;
  /** Access multiplier in [floor, ceiling] from how recently and how often the memory was read (1 when off). */
  access: number;
  /** The memory's importance used (0.5 when it has none). */
  importance: number;
  /** Importance multiplier in [1 − importanceWeight, 1] (1 when importanceWeight is 0). */
  importanceFactor: number;
  /** The final score: relevance × recency × typeWeight × importanceFactor × access. */
  score: number;
  /** The weights used to combine the components. */
  weights: { vector: number; keyword: number; recency: number; importance: number };
  /** The relevance floor the search applied, and how many candidates it left out. */
  floor?: { minRelevance: number; belowFloor: number };
  /** The reranker's score and the rank before and after it, when a reranker ran (or failed and was skipped). */
  rerank?: RerankExplanation;
  /** The retrieval policy that applied (or none) and the settings the search ran with. */
  policy?: PolicyExplanation;
}

/** A memory returned by search, with its score. */
export interface ScoredMemoryItem extends MemoryItem {
  /** The combined (fused) relevance score; higher is better. */
  score: number;
  /** The reranker's score, when a reranker ordered the results (they are then sorted by it, not by `score`). */
  rerankScore?: number;
  /** The score's components, when `explain: true` was asked for. */
  explanation?: ScoreExplanation;
}

/**
 * History events recorded for every write. DELETE: the memory was forgotten (its content erased everywhere);
 * INVALIDATE: it stopped being true (kept for `asOf` and history); SUPERSEDE: a newer memory replaced it. MERGE,
 * SUMMARIZE and EXPIRE are written by `consolidate()`: a near-duplicate folded into another (on both), a summary
 * condensed from older memories (on the summary), an expiry set by a TTL policy.
 */
export type HistoryEvent =
  | "ADD"
  | "UPDATE"
  | "DELETE"
  | "SUPERSEDE"
  | "INVALIDATE"
  | "ARCHIVE"
  | "RESTORE"
  | "APPROVE"
  | "FEEDBACK"
  | "MERGE"
  | "SUMMARIZE"
  | "EXPIRE";

/** One audit entry: what changed in a memory, by whom and when. */
export interface HistoryEntry {
  /** Unique id of the entry. */
  id: string;
  /** The memory the entry is about (it may since have been deleted). */
  memoryId: string;
  /** What happened. */
  event: HistoryEvent;
  /** The text before the change (null for ADD). */
  previousValue: string | null;
  /** The text after the change (null for DELETE). */
  newValue: string | null;
  /** Who made the change, e.g. "api", "agent:planner", "extractor:rules". */
  actor: string;
  /** When the change was made (ISO 8601). */
  createdAt: string;
  /** The scope of the memory at the time, so history stays scoped after a delete. */
  userId?: string;
  /** The agent scope of the memory at the time. */
  agentId?: string;
  /** The run scope of the memory at the time. */
  runId?: string;
  /** Extra details, e.g. the superseding memory id or the metadata change. */
  details?: Metadata;
  /** True when the entry's content (values and details) was erased because the memory was forgotten or redacted. */
  erased?: true;
}

/** One read recorded by the opt-in access log (`accessLog: true`): who read what, when. */
export interface AccessLogEntry {
  /** Unique id of the entry. */
  id: string;
  /** What was called. */
  operation: "search" | "get" | "getAll" | "buildContext";
  /** Who read (the call's actor, else the Memory's). */
  actor: string;
  /** When (ISO 8601). */
  createdAt: string;
  /** The user scope of the read. */
  userId?: string;
  /** The agent scope of the read. */
  agentId?: string;
  /** The run scope of the read. */
  runId?: string;
  /** The query text (search and buildContext). */
  query?: string;
  /** The ids of the memories returned. */
  memoryIds: string[];
}

/** A chat message, as accepted by `add()`. */
export interface ChatMessage {
  /** The speaker's role. */
  role: "user" | "assistant" | "system" | "tool" | (string & {});
  /** The message text (or text parts, which are joined). */
  content: string | Array<{ type?: string; text?: string }>;
  /** Optional message id, kept as the memory's source. */
  id?: string;
  /** Optional speaker name. */
  name?: string;
  /**
   * When the message was said: an ISO 8601 string with a time zone, a Date, or epoch milliseconds. Kept in the
   * memory's sources; a memory stored from it is valid from then (never later than now). @default the add's `timestamp`, else now
   */
  timestamp?: string | Date | number;
}
