import { dot } from "../embedders/vector-math.js";
import { matchesFilter } from "../filters/index.js";
import { matchesScope, scopeFields } from "../scope.js";
import { bm25Score, type Bm25CollectionStats } from "../text/bm25.js";
import { termFrequencies, terms } from "../text/tokenize.js";
import type { MemoryRecord, Scope } from "../types.js";
import { compareNewestFirst, decodeCursor, encodeCursor } from "./cursor.js";
import type { ListOptions, ListResult, SearchCandidate, SearchQuery } from "./memory-store.js";
import { TopK } from "./top-k.js";
import { isValid } from "./validity.js";

interface Entry {
  record: MemoryRecord;
  frequencies: Map<string, number>;
  length: number;
}

type Partitions = Record<(typeof scopeFields)[number], Map<string, Set<string>>>;

/**
 * An in-process index of memory records, partitioned by user, agent and run, with vector and BM25 search.
 * Stores share it so that scoping, filters, validity and scoring behave identically everywhere; a scoped
 * query only ever visits the records of the smallest matching partition.
 */
export class MemoryIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly partitions: Partitions = { userId: new Map(), agentId: new Map(), runId: new Map() };

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  /** Inserts or replaces a record. */
  upsert(record: MemoryRecord): void {
    this.remove(record.id);
    const termList = terms(record.memory);
    this.entries.set(record.id, { record, frequencies: termFrequencies(termList), length: termList.length });
    for (const field of scopeFields) {
      const value = record[field];
      if (value === undefined) continue;
      const ids = this.partitions[field].get(value);
      if (ids) ids.add(record.id);
      else this.partitions[field].set(value, new Set([record.id]));
    }
  }

  /** Removes a record; returns it if it was present. */
  remove(id: string): MemoryRecord | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    for (const field of scopeFields) {
      const value = entry.record[field];
      if (value === undefined) continue;
      const ids = this.partitions[field].get(value);
      ids?.delete(id);
      if (ids?.size === 0) this.partitions[field].delete(value);
    }
    return entry.record;
  }

  /** Removes everything. */
  clear(): void {
    this.entries.clear();
    for (const field of scopeFields) this.partitions[field].clear();
  }

  /** Reads records by id, dropping ids outside the scope. */
  get(ids: string[], scope: Scope | null): MemoryRecord[] {
    const result: MemoryRecord[] = [];
    for (const id of ids) {
      const record = this.entries.get(id)?.record;
      if (record && matchesScope(record, scope)) result.push(record);
    }
    return result;
  }

  /** The entries of the scope's smallest partition (all entries for a null scope). */
  private *scopeEntries(scope: Scope | null): Iterable<Entry> {
    if (scope === null) {
      yield* this.entries.values();
      return;
    }
    let smallest: Set<string> | undefined;
    for (const field of scopeFields) {
      const value = scope[field];
      if (value === undefined) continue;
      const ids = this.partitions[field].get(value);
      if (!ids) return;
      if (!smallest || ids.size < smallest.size) smallest = ids;
    }
    if (!smallest) return;
    for (const id of smallest) {
      const entry = this.entries.get(id)!;
      if (matchesScope(entry.record, scope)) yield entry;
    }
  }

  /** Pages through the scope's records newest first. */
  list(options: ListOptions, now: string): ListResult {
    const matching: MemoryRecord[] = [];
    for (const { record } of this.scopeEntries(options.scope)) {
      if (isValid(record, options, now) && matchesFilter(record, options.filter)) matching.push(record);
    }
    matching.sort(compareNewestFirst);
    let start = 0;
    if (options.cursor) {
      const after = decodeCursor(options.cursor);
      start = matching.findIndex((record) => compareNewestFirst(record, after) > 0);
      if (start < 0) start = matching.length;
    }
    const records = matching.slice(start, start + options.limit);
    const last = records.at(-1);
    const nextCursor = last && start + records.length < matching.length ? encodeCursor(last) : undefined;
    return nextCursor ? { records, nextCursor } : { records };
  }

  /** Top vector and top BM25 candidates inside the scope, with BM25 statistics from that scope only. */
  search(query: SearchQuery, now: string): SearchCandidate[] {
    const eligible: Entry[] = [];
    const vectorScores: number[] = [];
    const queryTerms = [...new Set(query.terms)];
    const stats: Bm25CollectionStats = { documentCount: 0, averageLength: 0, documentFrequency: new Map() };
    let totalLength = 0;
    const byVector = new TopK<number>(query.limit);
    for (const entry of this.scopeEntries(query.scope)) {
      if (!isValid(entry.record, query, now) || !matchesFilter(entry.record, query.filter)) continue;
      const position = eligible.length;
      eligible.push(entry);
      const similarity = dot(query.vector, entry.record.embedding);
      vectorScores.push(similarity);
      byVector.push(position, similarity);
      totalLength += entry.length;
      for (const term of queryTerms) {
        if (entry.frequencies.has(term)) {
          stats.documentFrequency.set(term, (stats.documentFrequency.get(term) ?? 0) + 1);
        }
      }
    }
    stats.documentCount = eligible.length;
    stats.averageLength = eligible.length ? totalLength / eligible.length : 0;
    const bm25 = new Map<number, number>();
    const byKeyword = new TopK<number>(query.limit);
    if (stats.documentFrequency.size > 0) {
      eligible.forEach((entry, position) => {
        if (!queryTerms.some((term) => entry.frequencies.has(term))) return;
        const score = bm25Score(queryTerms, entry.frequencies, entry.length, stats);
        bm25.set(position, score);
        byKeyword.push(position, score);
      });
    }
    const positions = new Set([...byVector.sorted(), ...byKeyword.sorted()]);
    return [...positions].map((position) => {
      const entry = eligible[position]!;
      return {
        record: entry.record,
        vectorScore: vectorScores[position]!,
        bm25: bm25.get(position) ?? 0,
        matchedTerms: queryTerms.filter((term) => entry.frequencies.has(term)),
      };
    });
  }
}
