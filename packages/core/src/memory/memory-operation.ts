import type { MemoryRecord, MemorySource, MemoryType, Metadata } from "../types.js";

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
}

/** One planned change to memory; a plan is applied atomically by `applyOperations`. */
export type MemoryOperation =
  | AddOperation
  | UpdateOperation
  | DeleteOperation
  | InvalidateOperation
  | NoneOperation;
