import { matchesFilter } from "../filters/index.js";
import { matchesScope, scopeFields } from "../scope.js";
import { type Bm25CollectionStats, bm25Score } from "../text/bm25.js";
import { termFrequencies, terms } from "../text/tokenize.js";
import type { MemoryRecord, Scope } from "../types.js";
import { compareNewestFirst, decodeCursor, encodeCursor } from "./cursor.js";
import type {
  ListOptions,
  ListResult,
  SearchCandidate,
  SearchQuery,
  ValidityOptions,
} from "./memory-store.js";
import { TopK } from "./top-k.js";
import { VectorMatrix } from "./vector-matrix.js";

interface Entry {
  record: MemoryRecord;
  /** Interned ids of the distinct terms, and how often each occurs. */
  termIds: Int32Array;
  termCounts: Uint16Array;
  length: number;
  row: number;
  matrix: VectorMatrix;
  validFrom: number;
  validTo: number;
}

type Partitions = Record<(typeof scopeFields)[number], Map<string, Set<Entry>>>;

/** The validity window of a query as epoch milliseconds (everything when includeInvalid). */
function validityWindow(options: ValidityOptions, now: string): number | undefined {
  return options.includeInvalid ? undefined : Date.parse(options.asOf ?? now);
}

/**
 * An in-process index of memory records, partitioned by user, agent and run, with vector and BM25 search.
 * Stores share it so that scoping, filters, validity and scoring behave identically everywhere; a scoped
 * query only ever visits the records of the smallest matching partition. Vectors live in one contiguous
 * matrix per dimension.
 */
export class MemoryIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly partitions: Partitions = { userId: new Map(), agentId: new Map(), runId: new Map() };
  private readonly matrices = new Map<number, VectorMatrix>();
  private readonly termDictionary = new Map<string, number>();

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  /** Inserts or replaces a record. */
  upsert(record: MemoryRecord): void {
    this.remove(record.id);
    const termList = terms(record.memory);
    const frequencies = termFrequencies(termList);
    let matrix = this.matrices.get(record.embedding.length);
    if (!matrix) {
      matrix = new VectorMatrix(record.embedding.length);
      this.matrices.set(record.embedding.length, matrix);
    }
    const entry: Entry = {
      record,
      termIds: Int32Array.from(frequencies.keys(), (term) => this.internTerm(term)),
      termCounts: Uint16Array.from(frequencies.values(), (count) => Math.min(count, 65_535)),
      length: termList.length,
      row: matrix.add(record.embedding),
      matrix,
      validFrom: Date.parse(record.validFrom),
      validTo: record.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(record.validTo),
    };
    this.entries.set(record.id, entry);
    for (const field of scopeFields) {
      const value = record[field];
      if (value === undefined) continue;
      const members = this.partitions[field].get(value);
      if (members) members.add(entry);
      else this.partitions[field].set(value, new Set([entry]));
    }
  }

  private internTerm(term: string): number {
    const known = this.termDictionary.get(term);
    if (known !== undefined) return known;
    const id = this.termDictionary.size;
    this.termDictionary.set(term, id);
    return id;
  }

  /** Removes a record; returns it if it was present. */
  remove(id: string): MemoryRecord | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    entry.matrix.remove(entry.row);
    for (const field of scopeFields) {
      const value = entry.record[field];
      if (value === undefined) continue;
      const members = this.partitions[field].get(value);
      members?.delete(entry);
      if (members?.size === 0) this.partitions[field].delete(value);
    }
    return entry.record;
  }

  /** Removes everything. */
  clear(): void {
    this.entries.clear();
    this.matrices.clear();
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

  /** The entries of the scope that are valid and match the filter, visiting only the smallest partition. */
  private select(
    scope: Scope | null,
    options: ValidityOptions & { filter?: ListOptions["filter"] },
    now: string,
  ): Entry[] {
    let members: Iterable<Entry> = this.entries.values();
    let fieldsToCheck = 0;
    if (scope !== null) {
      let smallest: Set<Entry> | undefined;
      for (const field of scopeFields) {
        const value = scope[field];
        if (value === undefined) continue;
        fieldsToCheck++;
        const candidates = this.partitions[field].get(value);
        if (!candidates) return [];
        if (!smallest || candidates.size < smallest.size) smallest = candidates;
      }
      if (!smallest) return [];
      members = smallest;
    }
    const at = validityWindow(options, now);
    const filter = options.filter;
    const selected: Entry[] = [];
    for (const entry of members) {
      if (at !== undefined && (entry.validFrom > at || at >= entry.validTo)) continue;
      if (fieldsToCheck > 1 && !matchesScope(entry.record, scope)) continue;
      if (filter && !matchesFilter(entry.record, filter)) continue;
      selected.push(entry);
    }
    return selected;
  }

  /** Pages through the scope's records newest first. */
  list(options: ListOptions, now: string): ListResult {
    const matching = this.select(options.scope, options, now).map((entry) => entry.record);
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
    const eligible = this.select(query.scope, query, now);
    const queryTerms = [...new Set(query.terms)];
    const queryTermIds = queryTerms.map((term) => this.termDictionary.get(term) ?? -1);
    const vectorScores = new Float64Array(eligible.length);
    const byVector = new TopK<number>(query.limit);
    const dimensions = query.vector.length;
    for (let position = 0; position < eligible.length; position++) {
      const entry = eligible[position]!;
      const similarity =
        entry.matrix.dimensions === dimensions ? entry.matrix.dot(query.vector, entry.row) : 0;
      vectorScores[position] = similarity;
      byVector.push(position, similarity);
    }
    const bm25 = this.keywordScores(eligible, queryTerms, queryTermIds);
    const byKeyword = new TopK<number>(query.limit);
    for (const [position, score] of bm25) byKeyword.push(position, score);
    const positions = new Set([...byVector.sorted(), ...byKeyword.sorted()]);
    return [...positions].map((position) => {
      const entry = eligible[position]!;
      return {
        record: entry.record,
        vectorScore: vectorScores[position]!,
        bm25: bm25.get(position) ?? 0,
        matchedTerms: queryTerms.filter((_term, index) => entry.termIds.includes(queryTermIds[index]!)),
      };
    });
  }

  /** BM25 of every eligible entry that contains a query term, with statistics over the eligible entries. */
  private keywordScores(
    eligible: Entry[],
    queryTerms: string[],
    queryTermIds: number[],
  ): Map<number, number> {
    const scores = new Map<number, number>();
    if (queryTermIds.every((id) => id < 0) || eligible.length === 0) return scores;
    const documentFrequency = new Map<string, number>();
    const matching: number[] = [];
    let totalLength = 0;
    for (let position = 0; position < eligible.length; position++) {
      const entry = eligible[position]!;
      totalLength += entry.length;
      let matched = false;
      for (let index = 0; index < queryTermIds.length; index++) {
        if (queryTermIds[index]! < 0 || !entry.termIds.includes(queryTermIds[index]!)) continue;
        documentFrequency.set(queryTerms[index]!, (documentFrequency.get(queryTerms[index]!) ?? 0) + 1);
        matched = true;
      }
      if (matched) matching.push(position);
    }
    const stats: Bm25CollectionStats = {
      documentCount: eligible.length,
      averageLength: totalLength / eligible.length,
      documentFrequency,
    };
    for (const position of matching) {
      const entry = eligible[position]!;
      scores.set(
        position,
        bm25Score(queryTerms, this.frequenciesOf(entry, queryTerms, queryTermIds), entry.length, stats),
      );
    }
    return scores;
  }

  /** The query terms' frequencies in one entry. */
  private frequenciesOf(entry: Entry, queryTerms: string[], queryTermIds: number[]): Map<string, number> {
    const frequencies = new Map<string, number>();
    queryTermIds.forEach((id, index) => {
      const at = id < 0 ? -1 : entry.termIds.indexOf(id);
      if (at >= 0) frequencies.set(queryTerms[index]!, entry.termCounts[at]!);
    });
    return frequencies;
  }
}
