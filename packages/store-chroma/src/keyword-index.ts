import { type Bm25CollectionStats, bm25Score, TopK, visibleUntil } from "@engram/core";
import type { Eligibility } from "./list-memories.js";
import type { CachedItem, StoredItem } from "./search-cache.js";

/** The keyword side's result: BM25 score by id and the best items. */
export interface KeywordRanking {
  /** BM25 score of every matching eligible memory, by id. */
  scores: Map<string, number>;
  /** The best `limit` matching memories, best first. */
  top: StoredItem[];
}

/**
 * A cached scope prepared for ranking: its items, their total length, whether all of them are valid from some
 * time on, and (built on first use) postings from each term to the items that contain it. When every item of
 * the scope is eligible (no filter, all valid at the asked time), BM25 needs only the postings of the query's
 * terms instead of a pass over the whole scope.
 */
export class KeywordIndex {
  private readonly totalLength: number;
  private readonly latestValidFrom: string;
  private readonly allOpen: boolean;
  private postings: Map<string, number[]> | undefined;

  constructor(readonly items: readonly CachedItem[]) {
    let total = 0;
    let latest = "";
    let open = true;
    for (const { item, stats } of items) {
      total += stats.length;
      if (item.validFrom > latest) latest = item.validFrom;
      if (item.pending || visibleUntil(item) !== null) open = false; // held, superseded, expiring or archived
    }
    this.totalLength = total;
    this.latestValidFrom = latest;
    this.allOpen = open;
  }

  /** True when every item passes `eligibility` (the items are exactly the searched scope). */
  allEligible(eligibility: Eligibility): boolean {
    if (eligibility.filter) return false;
    if (eligibility.includeInvalid) return true;
    return this.allOpen && this.latestValidFrom <= (eligibility.asOf ?? eligibility.now);
  }

  /** BM25 over every item (the caller checked `allEligible`), from the postings of the query's terms. */
  rank(queryTerms: string[], limit: number): KeywordRanking {
    const postings = this.buildPostings();
    const stats: Bm25CollectionStats = {
      documentCount: this.items.length,
      averageLength: this.items.length ? this.totalLength / this.items.length : 0,
      documentFrequency: new Map(queryTerms.map((term) => [term, postings.get(term)?.length ?? 0])),
    };
    const scores = new Map<string, number>();
    const best = new TopK<StoredItem>(limit);
    for (const term of queryTerms) {
      for (const position of postings.get(term) ?? []) {
        const { item, stats: terms } = this.items[position]!;
        if (scores.has(item.id)) continue;
        const score = bm25Score(queryTerms, terms.frequencies, terms.length, stats);
        scores.set(item.id, score);
        best.push(item, score);
      }
    }
    return { scores, top: best.sorted() };
  }

  private buildPostings(): Map<string, number[]> {
    if (this.postings) return this.postings;
    const postings = new Map<string, number[]>();
    this.items.forEach(({ stats }, position) => {
      for (const term of stats.frequencies.keys()) {
        const list = postings.get(term);
        if (list) list.push(position);
        else postings.set(term, [position]);
      }
    });
    this.postings = postings;
    return postings;
  }
}
