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
}

/** Remove an existing memory (its history stays). */
export interface DeleteOperation {
  /** Operation kind. */
  event: "DELETE";
  /** The memory to remove. */
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
export type MemoryOperation = AddOperation | UpdateOperation | DeleteOperation | NoneOperation;
