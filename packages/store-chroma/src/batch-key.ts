import { randomBytes } from "node:crypto";

const processToken = randomBytes(4).toString("hex");
let lastMs = 0;
let counter = 0;

/**
 * A sortable, unique key for one batch write: wall-clock ms (never going backwards in this process), a
 * per-process counter and a random process token. Later batches of one process always sort later.
 */
export function nextBatchKey(now: number): string {
  lastMs = Math.max(lastMs, now);
  counter += 1;
  return `${String(lastMs).padStart(15, "0")}-${String(counter).padStart(9, "0")}-${processToken}`;
}

/** The ms timestamp encoded in a batch key. */
export function batchKeyTime(key: string): number {
  return Number(key.slice(0, 15));
}

/** The sort key of the `index`-th history entry of a batch (history is read back in this order). */
export function historySequence(batchKey: string, index: number): string {
  return `${batchKey}:${String(index).padStart(6, "0")}`;
}
