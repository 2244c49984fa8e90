import type { AddResultItem } from "@engram/core";

/** Where a background write is: queued or running, finished, or failed (with the error). */
export type WriteState = "pending" | "done" | "failed";

/** What one background write did, as `add_memory` and `get_write_status` report it. */
export interface WriteStatus {
  /** The write's id, returned by `add_memory`. */
  writeId: string;
  /** Where the write is. */
  status: WriteState;
  /** When the write was accepted (ISO 8601). */
  submittedAt: string;
  /** When it finished or failed (ISO 8601). */
  finishedAt?: string;
  /** What was stored, changed or already known, once done. */
  results?: Array<Pick<AddResultItem, "id" | "memory" | "event">>;
  /** Why nothing (or not everything) was saved although the write succeeded. */
  notSaved?: string;
  /** Why the write failed, once failed. */
  error?: string;
}
