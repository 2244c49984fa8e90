import { InvalidArgumentError } from "../errors/index.js";
import { matchesScope, scopeFields } from "../scope.js";
import type { MemoryRecord, MemoryState, Scope } from "../types.js";
import type { ScopeSummary, ScopesPage, ScopesQuery } from "./memory-store.js";
import { memoryState } from "./validity.js";

/** Memory counts of one scope, by state at the time of the read, and in total. */
export type StateCounts = Record<MemoryState, number> & { total: number };

const states: MemoryState[] = ["active", "pending", "superseded", "merged", "archived", "expired"];

/** Counts with every state at zero. */
export function emptyCounts(): StateCounts {
  return { total: 0, active: 0, pending: 0, superseded: 0, merged: 0, archived: 0, expired: 0 };
}

/** The last time a memory's state can change (its latest transition time), or "" when it never changes. */
function settlesAt(record: MemoryRecord): string {
  if (record.pending) return "";
  let last = "";
  for (const time of [record.validTo, record.expiresAt, record.archivedAt])
    if (typeof time === "string" && time > last) last = time;
  return last;
}

interface Bucket {
  scope: Scope;
  total: number;
  /** Memories whose state can no longer change, by that state. */
  settled: Record<MemoryState, number>;
  /** Memories with a state change still ahead (as of the last read), by id. */
  unsettled: Map<string, MemoryRecord>;
}

/** The key of a scope as stored: its three fields, absent ones as "" (no id is empty), so they sort first. */
const keyOf = (scope: Scope) => JSON.stringify(scopeFields.map((field) => scope[field] ?? ""));

/**
 * Memory counts per stored scope (user, agent and run as a record holds them), kept up to date on every insert
 * and removal, so listing scopes costs the number of scopes, not the number of memories. States change with
 * time (a memory expires without a write): memories with a change still ahead are kept aside and settled on read.
 */
export class ScopeCounts {
  private readonly buckets = new Map<string, Bucket>();
  /** The bucket keys in order, rebuilt only after a scope appears or disappears. */
  private sorted: string[] | undefined;

  /** Counts a record in. */
  add(record: MemoryRecord): void {
    const key = keyOf(record);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const scope: Scope = {};
      for (const field of scopeFields) if (record[field] !== undefined) scope[field] = record[field];
      bucket = { scope, total: 0, settled: emptyCounts(), unsettled: new Map() };
      this.buckets.set(key, bucket);
      this.sorted = undefined;
    }
    bucket.total += 1;
    const settles = settlesAt(record);
    if (settles > new Date().toISOString()) bucket.unsettled.set(record.id, record);
    else bucket.settled[memoryState(record, settles || "9999")] += 1;
  }

  /** Counts a record out (the record as it was counted in). */
  remove(record: MemoryRecord): void {
    const key = keyOf(record);
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    bucket.total -= 1;
    if (!bucket.unsettled.delete(record.id))
      bucket.settled[memoryState(record, settlesAt(record) || "9999")] -= 1;
    if (bucket.total === 0) {
      this.buckets.delete(key);
      this.sorted = undefined;
    }
  }

  /** Forgets every count. */
  clear(): void {
    this.buckets.clear();
    this.sorted = undefined;
  }

  /** One page of scopes matching the query's filter, in a stable order, with their counts at `now`. */
  page(query: ScopesQuery, now: string): ScopesPage {
    this.sorted ??= [...this.buckets.keys()].sort();
    const keys = this.sorted;
    // Keys start with the user id, so a user filter is one contiguous range of the sorted keys.
    const prefix = query.filter.userId === undefined ? "" : `[${JSON.stringify(query.filter.userId)},`;
    const after = query.cursor === undefined ? undefined : decodeScopesCursor(query.cursor);
    const from = after !== undefined && after >= prefix ? after + "\u0000" : prefix;
    const chosen: string[] = [];
    let more = false;
    for (let at = lowerBound(keys, from); at < keys.length && keys[at]!.startsWith(prefix); at++) {
      if (!matchesScope(this.buckets.get(keys[at]!)!.scope, query.filter)) continue;
      if (chosen.length === query.limit) {
        more = true;
        break;
      }
      chosen.push(keys[at]!);
    }
    const scopes = chosen.map((key) => this.summary(this.buckets.get(key)!, now));
    return more
      ? { scopes, nextCursor: Buffer.from(chosen.at(-1)!, "utf8").toString("base64url") }
      : { scopes };
  }

  private summary(bucket: Bucket, now: string): ScopeSummary {
    for (const [id, record] of bucket.unsettled) {
      const settles = settlesAt(record);
      if (settles > now) continue;
      bucket.unsettled.delete(id);
      bucket.settled[memoryState(record, settles)] += 1;
    }
    const counts = { ...bucket.settled, total: bucket.total };
    for (const record of bucket.unsettled.values()) counts[memoryState(record, now)] += 1;
    for (const state of states) counts[state] = Math.max(0, counts[state]);
    return { ...bucket.scope, counts };
  }
}

/** The first position in sorted `keys` whose key is ≥ `key`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Reads a scopes cursor back, refusing anything that is not one. */
function decodeScopesCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  try {
    const parsed = JSON.parse(key) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === "string"))
      return key;
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError({
    argument: "options.cursor",
    message: "not a cursor returned by scopes(); pass the nextCursor of the previous page unchanged.",
  });
}
