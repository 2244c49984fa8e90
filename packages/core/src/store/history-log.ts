import { InvalidArgumentError } from "../errors/index.js";
import { matchesScope } from "../scope.js";
import type { AccessLogEntry, HistoryEntry, Scope } from "../types.js";
import type { AccessLogPage, AccessLogQuery, HistoryPage, HistoryQuery } from "./memory-store.js";

/** Removes an entry's content, keeping what says that something happened (event, time, actor, ids, scope). */
export function erasedEntry(entry: HistoryEntry): HistoryEntry {
  const { details: _details, ...rest } = entry;
  return { ...rest, previousValue: null, newValue: null, erased: true };
}

/** Reads a sequence cursor ("after this position"). */
export function decodeSequenceCursor(cursor: string | undefined, argument = "cursor"): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,15}$/u.test(cursor)) {
    throw new InvalidArgumentError({
      argument,
      message:
        "expected the nextCursor of a previous page; start without a cursor to read from the beginning.",
    });
  }
  return Number(cursor);
}

/** Pages through sequence-numbered items (sequence numbers start at 1 and only grow). */
export function pageBySequence<T>(
  items: Iterable<{ seq: number; value: T }>,
  limit: number | undefined,
  cursor: string | undefined,
): { values: T[]; nextCursor?: string } {
  const after = decodeSequenceCursor(cursor);
  const values: T[] = [];
  let last = 0;
  for (const { seq, value } of items) {
    if (seq <= after) continue;
    if (limit !== undefined && values.length === limit) return { values, nextCursor: String(last) };
    values.push(value);
    last = seq;
  }
  return { values };
}

/** History and access log kept in process memory, with the store contract's reads and erasure. */
export class HistoryLog {
  private entries: Array<{ seq: number; value: HistoryEntry }> = [];
  private access: Array<{ seq: number; value: AccessLogEntry }> = [];
  private seq = 0;

  /** Appends entries (copies). */
  append(entries: HistoryEntry[]): void {
    for (const entry of entries) this.entries.push({ seq: ++this.seq, value: structuredClone(entry) });
  }

  /** Erases the content of every entry of these memories. */
  eraseMemories(ids: Iterable<string>): void {
    const erased = new Set(ids);
    if (erased.size === 0) return;
    for (const item of this.entries)
      if (erased.has(item.value.memoryId)) item.value = erasedEntry(item.value);
  }

  /** Erases the content of every entry of the scope and removes its access-log entries. */
  eraseScope(scope: Scope): void {
    for (const item of this.entries)
      if (matchesScope(item.value, scope)) item.value = erasedEntry(item.value);
    this.access = this.access.filter((item) => !matchesScope(item.value, scope));
  }

  /** Reads history as the store contract says. */
  read(query: HistoryQuery): HistoryPage {
    const matching = this.entries.filter(
      ({ value }) =>
        (query.memoryId === undefined || value.memoryId === query.memoryId) &&
        matchesScope(value, query.scope),
    );
    const { values, nextCursor } = pageBySequence(matching, query.limit, query.cursor);
    const entries = values.map((entry) => structuredClone(entry));
    return nextCursor ? { entries, nextCursor } : { entries };
  }

  /** Appends access-log entries (copies). */
  appendAccess(entries: AccessLogEntry[]): void {
    for (const entry of entries) this.access.push({ seq: ++this.seq, value: structuredClone(entry) });
  }

  /** Reads the access log as the store contract says. */
  readAccess(query: AccessLogQuery): AccessLogPage {
    const matching = this.access.filter(
      ({ value }) =>
        matchesScope(value, query.scope) && (query.since === undefined || value.createdAt >= query.since),
    );
    const { values, nextCursor } = pageBySequence(matching, query.limit, query.cursor);
    const entries = values.map((entry) => structuredClone(entry));
    return nextCursor ? { entries, nextCursor } : { entries };
  }

  /** Removes everything. */
  clear(): void {
    this.entries = [];
    this.access = [];
  }
}
