import type { MemoryRecord, MemorySource, MemoryType, Metadata } from "../types.js";
import type { NearDuplicateMatch } from "./memory-options.js";

/** Store a new memory, optionally superseding older ones (they get validTo and a link to it). */
export interface AddOperation {
  /** Operation kind. */
  event: "ADD";
  /** The memory text. */
  memory: string;
  /** The memory type. */
  type: MemoryType;
  /** Metadata to store. */
  metadata: Metadata;
  /** The messages it came from. */
  sources: MemorySource[];
  /** Single-valued attribute it fills. */
  slot?: string;
  /** Text indexed with the memory but not part of it (e.g. the preceding messages). */
  context?: string;
  /** Existing memories (in scope) that this one replaces as the current truth. */
  supersedes?: MemoryRecord[];
  /** When it expires (ISO 8601), null for never; absent: the type's TTL policy decides. */
  expiresAt?: string | null;
  /** Hold it for review: stored, but out of every read until approved (it supersedes nothing meanwhile). */
  pending?: true;
  /** Its importance in [0, 1] (from the extractor or the model); absent: the caller's, else estimated. */
  importance?: number;
  /** Since when it holds (ISO 8601), e.g. when its message was said; a time after the write counts as the write's time. @default the write's time */
  validFrom?: string;
}

/** Change an existing memory in place. */
export interface UpdateOperation {
  /** Operation kind. */
  event: "UPDATE";
  /** The memory to change. */
  target: MemoryRecord;
  /** New text. */
  memory?: string;
  /** New type. */
  type?: MemoryType;
  /** Metadata keys to merge (null removes a key). */
  metadata?: Metadata;
  /** Sources to add. */
  sources?: MemorySource[];
  /** Erase the old text from history too (`update(…, { redact: true })`). */
  redact?: boolean;
  /** False: the changed memory gives up its deduplication key (an explicit edit that equals another memory). */
  unique?: boolean;
  /** New expiry time (ISO 8601), or null to clear it. */
  expiresAt?: string | null;
  /** True archives the memory (out of default reads), false restores it. */
  archived?: boolean;
  /** Approves a memory held for review: it enters reads from now. */
  approve?: true;
  /** New importance in [0, 1]. */
  importance?: number;
  /** Feedback on the memory (a FEEDBACK entry in history). */
  feedback?: { helpful: boolean; note?: string };
  /** The new expiry comes from a TTL policy applied by `consolidate()` (an EXPIRE entry in history). */
  expire?: true;
}

/** Fold near-duplicates into the memory that says the most: they leave reads, linked by `mergedInto`. */
export interface MergeOperation {
  /** Operation kind. */
  event: "MERGE";
  /** The memory kept; it gains the sources of the merged ones. */
  target: MemoryRecord;
  /** The near-duplicates folded into it. */
  merged: MemoryRecord[];
}

/** Condense memories into one new summary (`derivedFrom` them); the sources are archived, never removed. */
export interface SummarizeOperation {
  /** Operation kind. */
  event: "SUMMARIZE";
  /** The summary's id, when chosen before the write (so a report can name it). @default a new id */
  id?: string;
  /** The summary text. */
  memory: string;
  /** The summary's type. */
  type: MemoryType;
  /** Metadata of the summary (e.g. the period). */
  metadata: Metadata;
  /** Text indexed with the summary but not part of it (the condensed texts), so a search still finds them. */
  context?: string;
  /** The memories condensed; each is archived and linked to the summary. */
  from: MemoryRecord[];
  /** The summary's importance in [0, 1]. */
  importance?: number;
}

/** A newer memory replaces an older one that contradicts it (found by `consolidate()`, missed on add). */
export interface SupersedeOperation {
  /** Operation kind. */
  event: "SUPERSEDE";
  /** The older memory that stops being current. */
  target: MemoryRecord;
  /** The memory that replaces it. */
  by: MemoryRecord;
  /** Why, kept in the history entry. */
  reason?: string;
}

/** Forget an existing memory: it is removed and its history keeps only content-free entries. */
export interface DeleteOperation {
  /** Operation kind. */
  event: "DELETE";
  /** The memory to forget. */
  target: MemoryRecord;
  /** Why, kept in the content-free DELETE entry (e.g. "expired"). */
  reason?: string;
}

/** Mark an existing memory as no longer true (validTo now): kept for history and `asOf`. */
export interface InvalidateOperation {
  /** Operation kind. */
  event: "INVALIDATE";
  /** The memory that stopped being true. */
  target: MemoryRecord;
}

/** Nothing to store: the memory is already known. */
export interface NoneOperation {
  /** Operation kind. */
  event: "NONE";
  /** The existing memory that already says it. */
  target: MemoryRecord;
  /** Set when the new text says it in other words: what was not stored and how alike it is. */
  nearDuplicate?: NearDuplicateMatch;
}

/** One planned change to memory; a plan is applied atomically by `applyOperations`. */
export type MemoryOperation =
  | AddOperation
  | UpdateOperation
  | DeleteOperation
  | InvalidateOperation
  | NoneOperation
  | MergeOperation
  | SummarizeOperation
  | SupersedeOperation;

/** The operations the write guards (`beforeWrite`, agent policies) judge directly; consolidation maps its own onto them. */
export type GuardedOperation =
  | AddOperation
  | UpdateOperation
  | DeleteOperation
  | InvalidateOperation
  | NoneOperation;
