import {
  type Bm25CollectionStats,
  bm25Score,
  dot,
  indexedText,
  matchesScope,
  type Scope,
  type SearchCandidate,
  type SearchQuery,
  TopK,
} from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { type Eligibility, isEligible, withEmbeddings } from "./list-memories.js";
import { type GenerationTag, readGenerationTag } from "./generation.js";
import { buildWhere, narrowestScope, scopeClauses } from "./query-where.js";
import { decodeDocument } from "./record-codec.js";
import { type CachedItem, cachedItem, type SearchCache, type StoredItem, termStats } from "./search-cache.js";
import { vectorRanking } from "./vector-ranking.js";
import type { KeywordIndex, KeywordRanking } from "./keyword-index.js";
import { allOf } from "./where-translation.js";

/** What a search needs. */
export interface SearchContext {
  connection: ChromaConnection;
  reads: ChromaReads;
  limits: Required<ChromaStoreLimits>;
  /** The keyword-side cache; absent when disabled. */
  cache?: SearchCache | undefined;
}

/**
 * The memories the keyword side ranks. With the cache: the whole scope (read once, then reused while the
 * store's generation tag is unchanged); without it: the scope narrowed by `where`.
 */
async function keywordItems(
  context: SearchContext,
  scope: Scope,
  where: Where | undefined,
): Promise<{ items: readonly CachedItem[]; index?: KeywordIndex; tag?: GenerationTag }> {
  const { cache } = context;
  if (!cache) {
    const rows = await context.reads.scan(where, ["documents"], "search memories");
    return { items: rows.map((row) => cachedItem(decodeDocument(row.document))) };
  }
  // The tag is read BEFORE the scope: a write that lands after this read changes the tag (see chroma-store.ts).
  const tag = await readGenerationTag(context.connection, context.limits.maxResultsPerRequest);
  const cached = cache.lookup(scope, tag);
  if (cached) return { items: cached.items, index: cached, tag };
  // Narrowed by one scope field in Chroma (see narrowestScope), the rest checked here.
  const scopeWhere = allOf(scopeClauses(narrowestScope(scope))) as Where | undefined;
  const rows = await context.reads.scan(scopeWhere, ["documents"], "search memories");
  const items = rows
    .map((row) => decodeDocument(row.document))
    .filter((item) => matchesScope(item, scope))
    .map(cachedItem);
  cache.store(scope, tag, items);
  const index = cache.lookup(scope, tag); // absent when the scope is too large to keep
  return index ? { items, index, tag } : { items, tag };
}

/** The share of all stored memories that the searched scope holds, when the cache knows the scope's size. */
async function scopeShare(
  context: SearchContext,
  scopeSize: number,
  tag: GenerationTag | undefined,
): Promise<number | undefined> {
  const { cache } = context;
  if (!cache || !tag) return undefined;
  let total = cache.totalFor(tag);
  if (total === undefined) {
    total = await context.connection.on("memories", "search memories", (collection) => collection.count());
    cache.setTotal(tag, total);
  }
  return total > 0 ? Math.min(1, scopeSize / total) : undefined;
}

/** BM25 over the scope's eligible memories, with statistics from exactly those memories (as core's index does). */
function keywordRanking(
  side: { items: readonly CachedItem[]; index?: KeywordIndex | undefined },
  eligibility: Eligibility,
  queryTerms: string[],
  limit: number,
): KeywordRanking {
  if (side.index?.allEligible(eligibility)) return side.index.rank(queryTerms, limit);
  const { items } = side;
  const eligible: CachedItem[] = [];
  for (const cached of items) if (isEligible(cached.item, eligibility)) eligible.push(cached);
  const stats: Bm25CollectionStats = {
    documentCount: eligible.length,
    averageLength: 0,
    documentFrequency: new Map(),
  };
  let totalLength = 0;
  for (const { stats: item } of eligible) {
    totalLength += item.length;
    for (const term of queryTerms) {
      if (item.frequencies.has(term))
        stats.documentFrequency.set(term, (stats.documentFrequency.get(term) ?? 0) + 1);
    }
  }
  stats.averageLength = eligible.length ? totalLength / eligible.length : 0;
  const scores = new Map<string, number>();
  const best = new TopK<StoredItem>(limit);
  for (const { item, stats: termStatistics } of eligible) {
    const { frequencies, length } = termStatistics;
    if (!queryTerms.some((term) => frequencies.has(term))) continue;
    const score = bm25Score(queryTerms, frequencies, length, stats);
    scores.set(item.id, score);
    best.push(item, score);
  }
  return { scores, top: best.sorted() };
}

/** Returns the union of the top vector and top BM25 candidates inside the scope, as core's index defines it. */
export async function searchMemories(
  context: SearchContext,
  query: SearchQuery,
  now: string,
): Promise<SearchCandidate[]> {
  if (query.limit < 1) return [];
  const eligibility: Eligibility = {
    scope: query.scope,
    filter: query.filter,
    now,
    ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
    ...(query.includeInvalid ? { includeInvalid: true } : {}),
  };
  const where = buildWhere(eligibility, context.limits);
  const queryTerms = [...new Set(query.terms)];
  // The scope's share only steers how Chroma is asked for neighbours: the last search's share of this scope
  // lets both sides run at once; without one, the vector side waits for the keyword side's scope size.
  const hint = context.cache?.shareHint(query.scope);
  const early = hint !== undefined || !queryTerms.length;
  const [keywordSide, earlyVector] = await Promise.all([
    queryTerms.length ? keywordItems(context, query.scope, where) : undefined,
    early ? vectorRanking(context, query, eligibility, { where, share: hint }) : undefined,
  ]);
  const keyword = keywordSide ? keywordRanking(keywordSide, eligibility, queryTerms, query.limit) : undefined;
  const share = keywordSide
    ? await scopeShare(context, keywordSide.items.length, keywordSide.tag)
    : undefined;
  if (share !== undefined) context.cache?.setShareHint(query.scope, share);
  const byVector = earlyVector ?? (await vectorRanking(context, query, eligibility, { where, share }));
  const records = new Map(byVector.map((record) => [record.id, record]));
  const keywordOnly = (keyword?.top ?? []).filter((item) => !records.has(item.id));
  for (const record of await withEmbeddings(context.reads, keywordOnly)) records.set(record.id, record);
  return [...records.values()].map((record) => {
    const { frequencies } = termStats(indexedText(record));
    return {
      record,
      vectorScore: dot(query.vector, record.embedding),
      bm25: keyword?.scores.get(record.id) ?? 0,
      matchedTerms: queryTerms.filter((term) => frequencies.has(term)),
    };
  });
}
