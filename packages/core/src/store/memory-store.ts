import type { MemoryFilter } from "../filters/index.js";
import type { HistoryEntry, MaybePromise, MemoryRecord, Scope } from "../types.js";

/** A set of changes a store applies atomically: all of them or none. */
export interface WriteBatch {
  /** Memories to insert or replace (matched by id). */
  upserts: MemoryRecord[];
  /** Ids of memories to remove. */
  deletes: string[];
  /** Audit entries to append. */
  history: HistoryEntry[];
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
  /** Contract version. */
  readonly specificationVersion: "v1";
  /** Short name used in error messages, e.g. "sqlite". */
  readonly name: string;
  /** Applies a batch atomically. */
  write(batch: WriteBatch): MaybePromise<void>;
  /** Reads memories by id; ids outside `scope` (unless null) are silently absent. */
  get(ids: string[], scope: Scope | null): MaybePromise<MemoryRecord[]>;
  /** Pages through memories, newest first. */
  list(options: ListOptions): MaybePromise<ListResult>;
  /** Returns the union of the top vector and top keyword candidates inside the scope. */
  search(query: SearchQuery): MaybePromise<SearchCandidate[]>;
  /** The history of one memory, oldest first; entries outside `scope` (unless null) are absent. */
  history(memoryId: string, scope: Scope | null): MaybePromise<HistoryEntry[]>;
  /** Reads a store-level setting (e.g. the embedder that made the vectors). */
  getMeta(key: string): MaybePromise<string | undefined>;
  /** Writes a store-level setting. */
  setMeta(key: string, value: string): MaybePromise<void>;
  /** Deletes every memory, every history entry and every setting. */
  reset(): MaybePromise<void>;
  /** Optional: releases connections and file handles. */
  close?(): MaybePromise<void>;
}
