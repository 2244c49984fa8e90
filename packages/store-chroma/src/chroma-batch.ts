import type { HistoryEntry, MemoryRecord } from "@engram/core";

/** A batch as the journal and apply steps handle it: core's WriteBatch after its conditions were checked. */
export interface ChromaBatch {
  /** Memories to insert or replace. */
  upserts: MemoryRecord[];
  /** Ids of memories to remove. */
  deletes: string[];
  /** Audit entries to append. */
  history: HistoryEntry[];
}
