import { bm25Idf, defaultBm25Parameters } from "../text/bm25.js";
import type { SlotColumns } from "./slot-columns.js";

/** The distinct terms of one record, as interned term ids with their counts. */
export interface TermList {
  /** Interned ids of the distinct terms. */
  termIds: Int32Array;
  /** How often each occurs. */
  termCounts: Uint16Array;
}

/** What BM25 scoring of one search reads. */
export interface KeywordScoring {
  /** The eligible slots; only the first `count` are used. */
  eligible: Int32Array;
  /** Number of eligible slots. */
  count: number;
  /** Interned ids of the distinct query terms (-1: a term no record contains). */
  queryTermIds: number[];
  /** Per-slot columns (lengths, and the marks used by posting-list scoring). */
  columns: SlotColumns;
  /** Term lists by slot. */
  termLists: ReadonlyArray<TermList | undefined>;
  /** Slots by term id, with the term's count in each. */
  postings: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Number of records in the whole index (decides between scanning and posting lists). */
  indexSize: number;
  /** A number no earlier search used, to mark this search's eligible slots. */
  searchMark: number;
  /** Scratch space for the scores, at least `count` long (overwritten). */
  scratch: Float64Array;
}

/**
 * BM25 of every eligible slot, in eligible order (0 where no query term occurs), with collection statistics over
 * the eligible slots only. A broad search (most of the index) reads the query terms' posting lists; a narrow one
 * scans its own term lists.
 */
export function keywordScores(scoring: KeywordScoring): Float64Array {
  const { eligible, count, columns } = scoring;
  const scores = scoring.scratch.subarray(0, count);
  scores.fill(0);
  if (!scoring.queryTermIds.some((id) => id >= 0) || count === 0) return scores;
  let totalLength = 0;
  const lengths = columns.lengths;
  for (let position = 0; position < count; position++) totalLength += lengths[eligible[position]!]!;
  const averageLength = totalLength / count || 1;
  if (count * 2 >= scoring.indexSize) scoreByPostings(scoring, averageLength, scores);
  else scoreByScan(scoring, averageLength, scores);
  return scores;
}

/** Where a term id sits in a term list, or -1 (-1 ids never match). */
export function indexOfTerm(list: TermList, id: number): number {
  if (id < 0) return -1;
  const ids = list.termIds;
  for (let at = 0; at < ids.length; at++) if (ids[at] === id) return at;
  return -1;
}

/** The BM25 contribution of one term occurring `tf` times in a document of `length` terms. */
function termScore(idf: number, tf: number, length: number, averageLength: number): number {
  const { k1, b } = defaultBm25Parameters;
  const norm = k1 * (1 - b + (b * length) / averageLength);
  return (idf * tf * (k1 + 1)) / (tf + norm);
}

/** BM25 by scanning the eligible slots' term lists (narrow scopes). */
function scoreByScan(scoring: KeywordScoring, averageLength: number, scores: Float64Array): void {
  const { eligible, count, queryTermIds, termLists, columns } = scoring;
  const documentFrequency = new Int32Array(queryTermIds.length);
  const matching: number[] = [];
  for (let position = 0; position < count; position++) {
    const list = termLists[eligible[position]!]!;
    let matched = false;
    for (let index = 0; index < queryTermIds.length; index++) {
      if (indexOfTerm(list, queryTermIds[index]!) >= 0) {
        documentFrequency[index]!++;
        matched = true;
      }
    }
    if (matched) matching.push(position);
  }
  const idf = Array.from(documentFrequency, (frequency) => bm25Idf(count, frequency));
  for (const position of matching) {
    const slot = eligible[position]!;
    const list = termLists[slot]!;
    for (let index = 0; index < queryTermIds.length; index++) {
      const at = indexOfTerm(list, queryTermIds[index]!);
      if (at >= 0)
        scores[position]! += termScore(
          idf[index]!,
          list.termCounts[at]!,
          columns.lengths[slot]!,
          averageLength,
        );
    }
  }
}

/** BM25 from the query terms' posting lists, counting only the eligible slots (broad scopes). */
function scoreByPostings(scoring: KeywordScoring, averageLength: number, scores: Float64Array): void {
  const { eligible, count, queryTermIds, columns, searchMark } = scoring;
  const { marks, positions, lengths } = columns;
  for (let position = 0; position < count; position++) {
    const slot = eligible[position]!;
    marks[slot] = searchMark;
    positions[slot] = position;
  }
  for (const id of queryTermIds) {
    const postings = scoring.postings.get(id);
    if (!postings) continue;
    let documentFrequency = 0;
    for (const slot of postings.keys()) if (marks[slot] === searchMark) documentFrequency++;
    const idf = bm25Idf(count, documentFrequency);
    for (const [slot, tf] of postings) {
      if (marks[slot] !== searchMark) continue;
      scores[positions[slot]!]! += termScore(idf, tf, lengths[slot]!, averageLength);
    }
  }
}
