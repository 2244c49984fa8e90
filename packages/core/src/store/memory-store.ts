import type { MemoryFilter } from "../filters/index.js";
import type { AccessLogEntry, HistoryEntry, MaybePromise, MemoryRecord, Scope } from "../types.js";
import type { StateCounts } from "./scope-counts.js";

/** A memory id with the version a write expects it to have. */
export interface MemoryRef {
  /** The memory id. */
  id: string;
  /** The version the writer read; the write fails when the stored version differs. */
  version: number;
}

/**
 * A set of changes a store applies atomically: all of them or none. Every change is conditional: an upsert of
 * version 1 inserts (the id must not exist), an upsert of version v > 1 replaces the stored version v - 1, a
 * delete removes exactly the version it names. When any condition fails, or an upsert's `uniqueKey` is held by
 * another record, nothing is applied and the store throws `VersionConflictError` or `DuplicateMemoryError`.
 */
export interface WriteBatch {
  /** Memories to insert or replace (matched by id and version). */
  upserts: MemoryRecord[];
  /** Memories to remove, at the version the writer read. */
  deletes: MemoryRef[];
  /** Audit entries to append. */
  history: HistoryEntry[];
  /** Memories whose existing history entries lose their content (values and details; `erased: true`). */
  eraseHistory?: string[];
  /** Scopes whose every history entry loses its content and whose access-log entries are removed. */
  eraseScopes?: Scope[];
  /**
   * Ids of upserts that are restored as they are (by `import()`): inserted with the version they carry, and only
   * when the id does not exist yet, instead of the version − 1 condition.
   */
  restored?: string[];
}

/** Which scopes `MemoryStore.scopes` lists. */
export interface ScopesQuery {
  /** Only scopes whose fields match these (an empty object: every scope). */
  filter: Scope;
  /** Page size. */
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** One stored scope (the user, agent and run its memories hold) with its memory counts. */
export interface ScopeSummary extends Scope {
  /** How many memories the scope holds, in total and by state now. */
  counts: StateCounts;
}

/** One page of scopes, in a stable order. */
export interface ScopesPage {
  /** The scopes. */
  scopes: ScopeSummary[];
  /** Cursor of the next page, absent on the last page. */
  nextCursor?: string;
}

/** Which memories count as current: those valid at `asOf`, or all of them. */
export interface ValidityOptions {
  /** Only memories valid at this time (ISO 8601): validFrom ≤ asOf < validTo. @default now */
  asOf?: string;
  /** Include memories that are no longer (or not yet) valid; `asOf` is then ignored. @default false */
  includeInvalid?: boolean;
}

/** A page request over a scope's memories, newest first. */
export interface ListOptions extends ValidityOptions {
  /** The scope to list; null lists every scope (maintenance only: re-embedding, export of a whole store). */
  scope: Scope | null;
  /** Filter on metadata and built-in fields. */
  filter?: MemoryFilter;
  /** Page size. */
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** One page of memories. */
export interface ListResult {
  /** The memories, newest first (by createdAt, then id). */
  records: MemoryRecord[];
  /** Cursor of the next page, absent on the last page. */
  nextCursor?: string;
}

/** A hybrid candidate query inside one scope. */
export interface SearchQuery extends ValidityOptions {
  /** The scope to search (required: a search never crosses scopes). */
  scope: Scope;
  /** Unit-length query embedding. */
  vector: Float32Array;
  /** Stemmed query terms for keyword scoring (see `terms()`); empty disables keyword candidates. */
  terms: string[];
  /** Filter on metadata and built-in fields. */
  filter?: MemoryFilter;
  /** How many candidates to return from each of the vector and keyword rankings. */
  limit: number;
}

/** A search candidate with its raw component scores. */
export interface SearchCandidate {
  /** The memory. */
  record: MemoryRecord;
  /** Cosine similarity with the query vector. */
  vectorScore: number;
  /** BM25 score of the query terms, with collection statistics from the searched scope only. */
  bm25: number;
  /** The query terms found in the memory. */
  matchedTerms: string[];
}

/** Persists and searches memory records. Core owns ids, timestamps, deduplication and scoring. */
export interface MemoryStore {
  /** Contract version ("v2": versioned, conditional writes and erasure). */
  readonly specificationVersion: "v2";
  /** Short name used in error messages, e.g. "sqlite". */
  readonly name: string;
  /** Applies a batch atomically, or throws `VersionConflictError` / `DuplicateMemoryError` and applies nothing. */
  write(batch: WriteBatch): MaybePromise<void>;
  /** Reads memories by id; ids outside `scope` (unless null) are silently absent. */
  get(ids: string[], scope: Scope | null): MaybePromise<MemoryRecord[]>;
  /** Pages through memories, newest first. */
  list(options: ListOptions): MaybePromise<ListResult>;
  /** Returns the union of the top vector and top keyword candidates inside the scope. */
  search(query: SearchQuery): MaybePromise<SearchCandidate[]>;
  /** History entries oldest first: of one memory, or of every memory of a scope; entries outside `scope` are absent. */
  history(query: HistoryQuery): MaybePromise<HistoryPage>;
  /** Reads a store-level setting (e.g. the embedder that made the vectors). */
  getMeta(key: string): MaybePromise<string | undefined>;
  /** Writes a store-level setting. */
  setMeta(key: string, value: string): MaybePromise<void>;
  /** Deletes every memory, every history entry and every setting. */
  reset(): MaybePromise<void>;
  /** Optional (needed for `accessLog: true`): appends read-audit entries. */
  appendAccessLog?(entries: AccessLogEntry[]): MaybePromise<void>;
  /** Optional (needed for `accessLog: true`): read-audit entries of a scope, oldest first. */
  readAccessLog?(query: AccessLogQuery): MaybePromise<AccessLogPage>;
  /**
   * Optional (needed for `lifecycle.trackAccess`): counts reads of memories: `accessCount` += count and
   * `lastAccessedAt` = the later of it and `at`, without a new version or history entry. Counts are approximate
   * under concurrent versioned writes (a write keeps the count it read). Unknown ids are ignored.
   */
  touch?(accesses: readonly MemoryAccess[]): MaybePromise<void>;
  /**
   * Optional (needed for `memory.scopes()`): every stored scope with its memory counts, answered from counts the
   * store keeps up to date on write (never by reading every memory).
   */
  scopes?(query: ScopesQuery): MaybePromise<ScopesPage>;
  /** Optional: releases connections and file handles. */
  close?(): MaybePromise<void>;
}

/** Reads of one memory to count (`MemoryStore.touch`). */
export interface MemoryAccess {
  /** The memory. */
  id: string;
  /** How many reads returned it. */
  count: number;
  /** When the latest of them happened (ISO 8601). */
  at: string;
}

/** Which history entries to read. */
export interface HistoryQuery {
  /** Entries whose own scope matches (null: any scope, maintenance only). */
  scope: Scope | null;
  /** Only this memory's entries. */
  memoryId?: string;
  /** Page size. @default every entry */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** One page of history, oldest first. */
export interface HistoryPage {
  /** The entries. */
  entries: HistoryEntry[];
  /** Cursor of the next page, absent on the last page. */
  nextCursor?: string;
}

/** Which access-log entries to read. */
export interface AccessLogQuery {
  /** Entries of reads whose scope matches this one. */
  scope: Scope;
  /** Only entries at or after this time (ISO 8601). */
  since?: string;
  /** Page size. */
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** One page of the access log, oldest first. */
export interface AccessLogPage {
  /** The entries. */
  entries: AccessLogEntry[];
  /** Cursor of the next page, absent on the last page. */
  nextCursor?: string;
}
