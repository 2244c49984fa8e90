import {
  indexedText,
  type Bm25CollectionStats,
  bm25Score,
  dot,
  type MemoryRecord,
  type SearchCandidate,
  type SearchQuery,
  TopK,
  termFrequencies,
  terms,
} from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaConnection } from "./chroma-connection.js";
import type { ChromaReads } from "./chroma-reads.js";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import { type Eligibility, isEligible, withEmbeddings } from "./list-memories.js";
import { buildWhere } from "./query-where.js";
import { decodeDocument, decodeRecord } from "./record-codec.js";

type StoredItem = Omit<MemoryRecord, "embedding">;
interface TermStats {
  frequencies: Map<string, number>;
  length: number;
}

/** What a search needs. */
export interface SearchContext {
  connection: ChromaConnection;
  reads: ChromaReads;
  limits: Required<ChromaStoreLimits>;
}

const termCache = new Map<string, TermStats>();

/** Stemmed terms of a memory text, cached (tokenising is the costly part of BM25 over a whole scope). */
function termStats(text: string): TermStats {
  let stats = termCache.get(text);
  if (!stats) {
    const list = terms(text);
    stats = { frequencies: termFrequencies(list), length: list.length };
    if (termCache.size >= 50_000) termCache.clear();
    termCache.set(text, stats);
  }
  return stats;
}

/** BM25 over the scope's eligible memories, with statistics from exactly those memories (as core's index does). */
async function keywordRanking(
  context: SearchContext,
  where: Where | undefined,
  eligibility: Eligibility,
  queryTerms: string[],
  limit: number,
) {
  const rows = await context.reads.scan(where, ["documents"], "search memories");
  const eligible = rows
    .map((row) => decodeDocument(row.document))
    .filter((item) => isEligible(item, eligibility));
  const stats: Bm25CollectionStats = {
    documentCount: eligible.length,
    averageLength: 0,
    documentFrequency: new Map(),
  };
  let totalLength = 0;
  for (const item of eligible) {
    const { frequencies, length } = termStats(indexedText(item));
    totalLength += length;
    for (const term of queryTerms) {
      if (frequencies.has(term))
        stats.documentFrequency.set(term, (stats.documentFrequency.get(term) ?? 0) + 1);
    }
  }
  stats.averageLength = eligible.length ? totalLength / eligible.length : 0;
  const scores = new Map<string, number>();
  const best = new TopK<StoredItem>(limit);
  for (const item of eligible) {
    const { frequencies, length } = termStats(indexedText(item));
    if (!queryTerms.some((term) => frequencies.has(term))) continue;
    const score = bm25Score(queryTerms, frequencies, length, stats);
    scores.set(item.id, score);
    best.push(item, score);
  }
  return { scores, top: best.sorted() };
}

/** Exact top-k by cosine over every eligible memory (used when Chroma's filtered query cannot fill the page). */
async function exactVectorRanking(
  context: SearchContext,
  query: SearchQuery,
  where: Where | undefined,
  eligibility: Eligibility,
) {
  const rows = await context.reads.scan(where, ["documents", "embeddings"], "search memories");
  const best = new TopK<MemoryRecord>(query.limit);
  for (const row of rows) {
    if (!row.embedding) continue;
    const record = decodeRecord(row.document, row.embedding);
    if (isEligible(record, eligibility)) best.push(record, dot(query.vector, record.embedding));
  }
  return best.sorted();
}

/**
 * Top-k by vector: Chroma's nearest-neighbour query with the `where` clause, over-fetching while our side's
 * checks reject results, up to the request limit; beyond that an exact scan.
 */
async function vectorRanking(
  context: SearchContext,
  query: SearchQuery,
  where: Where | undefined,
  eligibility: Eligibility,
) {
  const vector = Array.from(query.vector);
  const maxResults = context.limits.maxResultsPerRequest;
  for (let wanted = Math.min(query.limit, maxResults); ; wanted = Math.min(wanted * 4, maxResults)) {
    const result = await context.connection.on("memories", "search memories", (collection) =>
      collection.query({
        queryEmbeddings: [vector],
        nResults: wanted,
        ...(where ? { where } : {}),
        include: ["documents", "embeddings"],
      }),
    );
    const rows = result.rows()[0] ?? [];
    const accepted = new TopK<MemoryRecord>(query.limit);
    for (const row of rows) {
      if (!row.embedding) continue;
      const record = decodeRecord(row.document, row.embedding);
      if (isEligible(record, eligibility)) accepted.push(record, dot(query.vector, record.embedding));
    }
    const top = accepted.sorted();
    if (top.length >= query.limit || rows.length < wanted) return top;
    if (wanted >= maxResults) return exactVectorRanking(context, query, where, eligibility);
  }
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
  const keyword = queryTerms.length
    ? await keywordRanking(context, where, eligibility, queryTerms, query.limit)
    : undefined;
  const byVector = await vectorRanking(context, query, where, eligibility);
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
