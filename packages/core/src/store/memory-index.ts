import { matchesFilter } from "../filters/index.js";
import { indexedText } from "../memory/indexed-text.js";
import { matchesScope, scopeFields } from "../scope.js";
import { bm25Idf, defaultBm25Parameters } from "../text/bm25.js";
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
  /** The search that last found this entry eligible, and its position in that search's candidate list. */
  searchMark: number;
  searchPosition: number;
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
  /** Entries by text hash, so exact-duplicate checks (a filter on `hash`) do not scan a whole scope. */
  private readonly byHash = new Map<string, Set<Entry>>();
  /** Entries by term id, for keyword scoring of broad scopes (a search over most of the index). */
  private readonly postings = new Map<number, Map<Entry, number>>();
  private searchCount = 0;

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  /** Inserts or replaces a record. */
  upsert(record: MemoryRecord): void {
    this.remove(record.id);
    const termList = terms(indexedText(record));
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
      searchMark: 0,
      searchPosition: 0,
    };
    entry.termIds.forEach((id, at) => {
      const postings = this.postings.get(id);
      if (postings) postings.set(entry, entry.termCounts[at]!);
      else this.postings.set(id, new Map([[entry, entry.termCounts[at]!]]));
    });
    this.entries.set(record.id, entry);
    const sameText = this.byHash.get(record.hash);
    if (sameText) sameText.add(entry);
    else this.byHash.set(record.hash, new Set([entry]));
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
    for (const id of entry.termIds) this.postings.get(id)?.delete(entry);
    const sameText = this.byHash.get(entry.record.hash);
    sameText?.delete(entry);
    if (sameText?.size === 0) this.byHash.delete(entry.record.hash);
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
    this.byHash.clear();
    this.postings.clear();
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
    const hashes = hashesOf(options.filter?.hash);
    if (hashes) {
      // Hash buckets are usually far smaller than the scope; every scope field is then checked per entry.
      members = hashes.flatMap((hash) => [...(this.byHash.get(hash) ?? [])]);
      fieldsToCheck = 2;
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
    const vectorScores = this.vectorScores(eligible, query.vector);
    const byVector = new TopK<number>(query.limit);
    let floor = byVector.floor;
    for (let position = 0; position < eligible.length; position++) {
      // Checking the floor inline skips the call for the vast majority of entries on a large scan.
      if (vectorScores[position]! <= floor) continue;
      byVector.push(position, vectorScores[position]!);
      floor = byVector.floor;
    }
    const bm25 = this.keywordScores(eligible, queryTermIds);
    const byKeyword = new TopK<number>(query.limit);
    for (let position = 0; position < bm25.length; position++) {
      if (bm25[position]! > 0) byKeyword.push(position, bm25[position]!);
    }
    const positions = new Set([...byVector.sorted(), ...byKeyword.sorted()]);
    return [...positions].map((position) => {
      const entry = eligible[position]!;
      return {
        record: entry.record,
        vectorScore: vectorScores[position]!,
        bm25: bm25[position]!,
        matchedTerms: queryTerms.filter((_term, index) => entry.termIds.includes(queryTermIds[index]!)),
      };
    });
  }

  /** Cosine similarity of every entry with the query, one batched scan per matrix (0 for other dimensions). */
  private vectorScores(eligible: Entry[], vector: Float32Array): Float32Array {
    const scores = new Float32Array(eligible.length);
    const matrix = this.matrices.get(vector.length);
    if (!matrix) return scores;
    const positions = new Int32Array(eligible.length);
    const rows = new Int32Array(eligible.length);
    let count = 0;
    for (let position = 0; position < eligible.length; position++) {
      const entry = eligible[position]!;
      if (entry.matrix !== matrix) continue;
      positions[count] = position;
      rows[count++] = entry.row;
    }
    const dots = matrix.dots(vector, rows.subarray(0, count));
    for (let index = 0; index < count; index++) scores[positions[index]!] = dots[index]!;
    return scores;
  }

  /**
   * BM25 of every eligible entry (0 where no query term occurs), with statistics over the eligible entries only.
   * Plain integer loops and no per-entry allocation: this runs over every entry of the scope on every search.
   */
  private keywordScores(eligible: Entry[], queryTermIds: number[]): Float64Array {
    const scores = new Float64Array(eligible.length);
    if (!queryTermIds.some((id) => id >= 0) || eligible.length === 0) return scores;
    let totalLength = 0;
    for (const entry of eligible) totalLength += entry.length;
    const averageLength = totalLength / eligible.length || 1;
    // A broad scope (most of the index) reads the query terms' posting lists; a narrow one scans its own entries.
    if (eligible.length * 2 >= this.entries.size)
      this.scoreByPostings(eligible, queryTermIds, averageLength, scores);
    else this.scoreByScan(eligible, queryTermIds, averageLength, scores);
    return scores;
  }

  /** BM25 by scanning the eligible entries' term lists (narrow scopes). */
  private scoreByScan(
    eligible: Entry[],
    queryTermIds: number[],
    averageLength: number,
    scores: Float64Array,
  ): void {
    const documentFrequency = new Int32Array(queryTermIds.length);
    const matching: number[] = [];
    for (let position = 0; position < eligible.length; position++) {
      const entry = eligible[position]!;
      let matched = false;
      for (let index = 0; index < queryTermIds.length; index++) {
        if (indexOfTerm(entry, queryTermIds[index]!) >= 0) {
          documentFrequency[index]!++;
          matched = true;
        }
      }
      if (matched) matching.push(position);
    }
    const idf = Array.from(documentFrequency, (frequency) => bm25Idf(eligible.length, frequency));
    const { k1, b } = defaultBm25Parameters;
    for (const position of matching) {
      const entry = eligible[position]!;
      const norm = k1 * (1 - b + (b * entry.length) / averageLength);
      for (let index = 0; index < queryTermIds.length; index++) {
        const at = indexOfTerm(entry, queryTermIds[index]!);
        if (at < 0) continue;
        const tf = entry.termCounts[at]!;
        scores[position]! += (idf[index]! * tf * (k1 + 1)) / (tf + norm);
      }
    }
  }

  /** BM25 from the query terms' posting lists, counting only the eligible entries (broad scopes). */
  private scoreByPostings(
    eligible: Entry[],
    queryTermIds: number[],
    averageLength: number,
    scores: Float64Array,
  ): void {
    const mark = ++this.searchCount;
    for (let position = 0; position < eligible.length; position++) {
      eligible[position]!.searchMark = mark;
      eligible[position]!.searchPosition = position;
    }
    const { k1, b } = defaultBm25Parameters;
    for (const id of queryTermIds) {
      const postings = this.postings.get(id);
      if (!postings) continue;
      let documentFrequency = 0;
      for (const entry of postings.keys()) if (entry.searchMark === mark) documentFrequency++;
      const idf = bm25Idf(eligible.length, documentFrequency);
      for (const [entry, tf] of postings) {
        if (entry.searchMark !== mark) continue;
        const norm = k1 * (1 - b + (b * entry.length) / averageLength);
        scores[entry.searchPosition]! += (idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
  }
}

/** Where a term id sits in an entry's term list, or -1 (-1 ids never match). */
function indexOfTerm(entry: Entry, id: number): number {
  if (id < 0) return -1;
  const ids = entry.termIds;
  for (let at = 0; at < ids.length; at++) if (ids[at] === id) return at;
  return -1;
}

/** The hashes a filter's `hash` condition names exactly (a string or `{ $in: [...] }`), if it does. */
function hashesOf(condition: unknown): string[] | undefined {
  if (typeof condition === "string") return [condition];
  const values = (condition as { $in?: unknown } | null)?.$in;
  if (
    condition &&
    typeof condition === "object" &&
    Object.keys(condition).length === 1 &&
    Array.isArray(values)
  ) {
    return values.every((value) => typeof value === "string") ? [...new Set(values as string[])] : undefined;
  }
  return undefined;
}
