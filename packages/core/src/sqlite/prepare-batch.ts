import { InvalidArgumentError } from "../errors/index.js";
import type { WriteBatch } from "../store/memory-store.js";
import type { MemoryRecord } from "../types.js";
import { type HistoryRow, type MemoryRow, historyToRow, recordToRow, rowToRecord } from "./sqlite-rows.js";

/** A batch converted before its transaction: rows to write and the index's own copies of the records. */
export interface PreparedBatch {
  rows: MemoryRow[];
  records: MemoryRecord[];
  history: HistoryRow[];
}

const textFields = ["id", "memory", "type", "hash", "createdAt", "updatedAt", "validFrom"] as const;

/** Refuses a record the index could not hold, before the transaction (afterwards it would be too late to say no). */
function checkRecordFields(record: MemoryRecord, position: number): void {
  const problem =
    textFields.find((field) => typeof record[field] !== "string") ??
    (record.context !== undefined && typeof record.context !== "string" ? "context" : undefined) ??
    (record.embedding instanceof Float32Array ? undefined : "embedding") ??
    (Number.isSafeInteger(record.version) ? undefined : "version");
  if (problem === undefined) return;
  throw new InvalidArgumentError({
    argument: `batch.upserts[${position}].${problem}`,
    message: `expected ${problem === "embedding" ? "a Float32Array" : problem === "version" ? "a whole number" : "a string"}; nothing was written. Write records built by Engram's Memory API (or checked the same way).`,
  });
}

/**
 * Converts a batch before its transaction, so everything that can fail on the input fails while nothing is written:
 * record fields the index needs, rows for the database, and the index's copies made from those rows.
 */
export function prepareBatch(batch: WriteBatch): PreparedBatch {
  batch.upserts.forEach(checkRecordFields);
  // Rows that drop or keep no deduplication key are written before rows that claim one.
  const ordered = [...batch.upserts].sort(
    (a, b) => Number(a.uniqueKey !== undefined) - Number(b.uniqueKey !== undefined),
  );
  const rows = ordered.map(recordToRow);
  return {
    rows,
    // The index holds what the database holds (JSON round trip included), not the caller's objects: a value JSON
    // cannot keep (NaN, a Date, undefined) reads back the same from the index as after a reopen.
    records: rows.map(rowToRecord),
    history: batch.history.map(historyToRow),
  };
}
