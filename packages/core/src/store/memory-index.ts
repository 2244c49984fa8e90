import { matchesFilter } from "../filters/index.js";
import { visibleUntil } from "./validity.js";
import { indexedText } from "../memory/indexed-text.js";
import { matchesScope, scopeFields } from "../scope.js";
import { termFrequencies, terms } from "../text/tokenize.js";
import type { MemoryRecord, Scope } from "../types.js";
import { compareNewestFirst, decodeCursor, encodeCursor } from "./cursor.js";
import { hashesOf } from "./hash-filter.js";
import { indexOfTerm, keywordScores, type TermList } from "./keyword-scores.js";
import type {
  ListOptions,
  ListResult,
  SearchCandidate,
  SearchQuery,
  ValidityOptions,
} from "./memory-store.js";
import { ScopeCounts } from "./scope-counts.js";
import { SlotColumns } from "./slot-columns.js";
import { SlotPartitions } from "./slot-partitions.js";
import { TopK } from "./top-k.js";
import { SlotVectors } from "./slot-vectors.js";

interface Entry extends TermList {
  record: MemoryRecord;
  slot: number;
}

/** The eligible slots of one query. */
interface Selection {
  slots: Int32Array;
  count: number;
}

type SelectOptions = ValidityOptions & { filter?: ListOptions["filter"] };

/** The validity window of a query as epoch milliseconds (everything when includeInvalid). */
function validityWindow(options: ValidityOptions, now: string): number | undefined {
  return options.includeInvalid ? undefined : Date.parse(options.asOf ?? now);
}

const noSelection: Selection = { slots: new Int32Array(0), count: 0 };

/**
 * An in-process index of memory records, partitioned by user, agent and run, with vector and BM25 search.
 * Stores share it so that scoping, filters, validity and scoring behave identically everywhere; a scoped
 * query only ever visits the records of the smallest matching partition. Each record owns a slot: the numbers
 * the search loops read live in typed-array columns by slot, and vectors in one contiguous matrix per dimension.
 */
export class MemoryIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly bySlot: Array<Entry | undefined> = [];
  private readonly freeSlots: number[] = [];
  private readonly columns = new SlotColumns();
  private readonly partitions = scopeFields.map(() => new SlotPartitions());
  private readonly scopeCodes = scopeFields.map(() => new Map<string, number>());
  private readonly vectors = new SlotVectors();
  private readonly termDictionary = new Map<string, number>();
  /** Slots by text hash, so exact-duplicate checks (a filter on `hash`) do not scan a whole scope. */
  private readonly byHash = new Map<string, Set<number>>();
  /** Slots by term id with the term's count, for keyword scoring of broad scopes. */
  private readonly postings = new Map<number, Map<number, number>>();
  private searchCount = 0;
  /** Scratch arrays of one search (searches are synchronous), grown to the largest scope searched. */
  private scratch = { selected: new Int32Array(0), scores: new Float64Array(0) };
  /** Memory counts per scope, for `MemoryStore.scopes`. */
  readonly scopeCounts = new ScopeCounts();

  /** Number of records held. */
  get size(): number {
    return this.entries.size;
  }

  /** Inserts or replaces a record. */
  upsert(record: MemoryRecord): void {
    this.remove(record.id);
    const termList = terms(indexedText(record));
    const frequencies = termFrequencies(termList);
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    const termIds = new Int32Array(frequencies.size);
    const termCounts = new Uint16Array(frequencies.size);
    let at = 0;
    for (const [term, count] of frequencies) {
      const id = this.internTerm(term);
      const tf = Math.min(count, 65_535);
      termIds[at] = id;
      termCounts[at++] = tf;
      const postings = this.postings.get(id);
      if (postings) postings.set(slot, tf);
      else this.postings.set(id, new Map([[slot, tf]]));
    }
    const entry: Entry = { record, slot, termIds, termCounts };
    this.scopeCounts.add(record);
    this.bySlot[slot] = entry;
    this.entries.set(record.id, entry);
    const columns = this.columns;
    columns.reserve(slot);
    this.vectors.set(slot, record.embedding);
    columns.lengths[slot] = termList.length;
    // A memory held for review is in no default read: it "starts" only when approved.
    columns.validFrom[slot] = record.pending ? Number.POSITIVE_INFINITY : Date.parse(record.validFrom);
    // The end of the memory's time in default reads: invalidation, expiry or archival, whichever comes first.
    const end = visibleUntil(record);
    columns.validTo[slot] = end === null ? Number.POSITIVE_INFINITY : Date.parse(end);
    const sameText = this.byHash.get(record.hash);
    if (sameText) sameText.add(slot);
    else this.byHash.set(record.hash, new Set([slot]));
    for (let index = 0; index < scopeFields.length; index++) {
      const value = record[scopeFields[index]!];
      columns.setScopeCode(slot, index, value === undefined ? -1 : this.internScope(index, value));
      if (value !== undefined) this.partitions[index]!.add(value, slot);
    }
  }

  private internTerm(term: string): number {
    const known = this.termDictionary.get(term);
    if (known !== undefined) return known;
    const id = this.termDictionary.size;
    this.termDictionary.set(term, id);
    return id;
  }

  private internScope(field: number, value: string): number {
    const codes = this.scopeCodes[field]!;
    const known = codes.get(value);
    if (known !== undefined) return known;
    codes.set(value, codes.size);
    return codes.size - 1;
  }

  /** Removes a record; returns it if it was present. */
  remove(id: string): MemoryRecord | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const slot = entry.slot;
    this.entries.delete(id);
    this.scopeCounts.remove(entry.record);
    this.bySlot[slot] = undefined;
    this.freeSlots.push(slot);
    this.vectors.remove(slot);
    for (const termId of entry.termIds) this.postings.get(termId)?.delete(slot);
    const sameText = this.byHash.get(entry.record.hash);
    sameText?.delete(slot);
    if (sameText?.size === 0) this.byHash.delete(entry.record.hash);
    scopeFields.forEach((field, index) => {
      const value = entry.record[field];
      if (value !== undefined) this.partitions[index]!.remove(value, slot);
    });
    return entry.record;
  }

  /** Removes everything. */
  clear(): void {
    this.entries.clear();
    this.scopeCounts.clear();
    this.bySlot.length = 0;
    this.freeSlots.length = 0;
    this.vectors.clear();
    this.byHash.clear();
    this.postings.clear();
    for (const partition of this.partitions) partition.clear();
  }

  /** Reads records by id, dropping ids outside the scope. */
  /** Counts reads of indexed memories in place (access fields only: nothing the index searches on changes). */
  touch(accesses: readonly { id: string; count: number; at: string }[]): void {
    for (const { id, count, at } of accesses) {
      const record = this.entries.get(id)?.record;
      if (!record) continue;
      record.accessCount = (record.accessCount ?? 0) + count;
      if (record.lastAccessedAt === undefined || record.lastAccessedAt < at) record.lastAccessedAt = at;
    }
  }

  get(ids: string[], scope: Scope | null): MemoryRecord[] {
    const result: MemoryRecord[] = [];
    for (const id of ids) {
      const record = this.entries.get(id)?.record;
      if (record && matchesScope(record, scope)) result.push(record);
    }
    return result;
  }

  /**
   * The candidate slots of a scope before validity and filter checks: the smallest matching partition, or the
   * hash buckets a `hash` filter names; `checks` lists the scope codes every candidate must still carry.
   */
  private candidates(scope: Scope | null, filter: SelectOptions["filter"]) {
    const codes: Array<[field: number, code: number]> = [];
    let smallest: Selection | undefined;
    if (scope !== null) {
      for (const [index, field] of scopeFields.entries()) {
        const value = scope[field];
        if (value === undefined) continue;
        const code = this.scopeCodes[index]!.get(value);
        const members = this.partitions[index]!.get(value);
        if (code === undefined || !members) return undefined;
        codes.push([index, code]);
        if (!smallest || members.size < smallest.count)
          smallest = { slots: members.slots, count: members.size };
      }
      if (!smallest) return undefined;
    } else {
      smallest = { slots: Int32Array.from(this.entries.values(), (entry) => entry.slot), count: this.size };
    }
    const hashes = hashesOf(filter?.hash);
    if (hashes) {
      // Hash buckets are usually far smaller than the scope; every scope field is then checked per slot.
      const slots = Int32Array.from(hashes.flatMap((hash) => [...(this.byHash.get(hash) ?? [])]));
      return { selection: { slots, count: slots.length }, checks: codes };
    }
    // The smallest partition's own field needs no check; with one field there is nothing left to check.
    return { selection: smallest, checks: codes.length === 1 ? [] : codes };
  }

  /** The slots of the scope that are valid and match the filter. */
  private select(scope: Scope | null, options: SelectOptions, now: string): Selection {
    const found = this.candidates(scope, options.filter);
    if (!found) return noSelection;
    const { selection, checks } = found;
    const { validFrom, validTo } = this.columns;
    const at = validityWindow(options, now);
    const filter = options.filter;
    const selected = this.scratchFor(selection.count).selected;
    const slots = selection.slots;
    let count = 0;
    if (checks.length === 0 && !filter && at !== undefined) {
      // The common case (one scope field, no filter): a plain loop over two typed arrays.
      for (let position = 0; position < selection.count; position++) {
        const slot = slots[position]!;
        if (validFrom[slot]! <= at && at < validTo[slot]!) selected[count++] = slot;
      }
      return { slots: selected, count };
    }
    for (let position = 0; position < selection.count; position++) {
      const slot = slots[position]!;
      if (at !== undefined && (validFrom[slot]! > at || at >= validTo[slot]!)) continue;
      if (checks.length > 0 && !checks.every(([field, code]) => this.columns.scopeCode(slot, field) === code))
        continue;
      if (filter && !matchesFilter(this.bySlot[slot]!.record, filter)) continue;
      selected[count++] = slot;
    }
    return { slots: selected, count };
  }

  /** Pages through the scope's records newest first. */
  list(options: ListOptions, now: string): ListResult {
    const { slots, count } = this.select(options.scope, options, now);
    const matching = Array.from(slots.subarray(0, count), (slot) => this.bySlot[slot]!.record);
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
    const { slots: eligible, count } = this.select(query.scope, query, now);
    const queryTerms = [...new Set(query.terms)];
    const queryTermIds = queryTerms.map((term) => this.termDictionary.get(term) ?? -1);
    const byVector = this.vectors.top(eligible, count, query.vector, query.limit);
    if (this.searchCount >= 2 ** 31 - 2) {
      this.searchCount = 0;
      this.columns.marks.fill(0);
    }
    const bm25 = keywordScores({
      eligible,
      count,
      queryTermIds,
      columns: this.columns,
      termLists: this.bySlot,
      postings: this.postings,
      indexSize: this.size,
      searchMark: ++this.searchCount,
      scratch: this.scratchFor(count).scores,
    });
    const byKeyword = new TopK<number>(query.limit);
    for (let position = 0; position < count; position++) {
      if (bm25[position]! > 0) byKeyword.push(position, bm25[position]!);
    }
    const positions = new Set([...byVector.keys(), ...byKeyword.sorted()]);
    return [...positions].map((position) => {
      const entry = this.bySlot[eligible[position]!]!;
      return {
        record: entry.record,
        vectorScore: byVector.get(position) ?? this.vectors.score(entry.slot, query.vector),
        bm25: bm25[position]!,
        matchedTerms: queryTerms.filter((_term, index) => indexOfTerm(entry, queryTermIds[index]!) >= 0),
      };
    });
  }

  /** The scratch arrays, grown to hold `count` entries. */
  private scratchFor(count: number) {
    if (this.scratch.selected.length < count) {
      const length = Math.max(count, this.scratch.selected.length * 2);
      this.scratch = { selected: new Int32Array(length), scores: new Float64Array(length) };
    }
    return this.scratch;
  }
}
