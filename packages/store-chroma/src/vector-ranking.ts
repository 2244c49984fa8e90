import { dot, type MemoryRecord, type SearchQuery, TopK } from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaRow } from "./chroma-reads.js";
import { type Eligibility, isEligible } from "./list-memories.js";
import { buildWhere, narrowestScope } from "./query-where.js";
import { decodeRecord } from "./record-codec.js";
import type { SearchContext } from "./search-memories.js";

/** Below this share of the collection, the scope is narrowed inside Chroma; above it, results are checked here. */
const postFilterShare = 0.5;

/** How the vector side may narrow its query. */
export interface VectorPlan {
  /** The full `where` of the search (scope, filter, validity): used by the exact fallback scan. */
  where: Where | undefined;
  /** The scope's share of all stored memories, when known (from the search cache). */
  share?: number | undefined;
}

/** Best eligible records among rows, by exact cosine. */
function acceptRows(rows: ChromaRow[], query: SearchQuery, eligibility: Eligibility): MemoryRecord[] {
  const accepted = new TopK<MemoryRecord>(query.limit);
  for (const row of rows) {
    if (!row.embedding) continue;
    const record = decodeRecord(row.document, row.embedding);
    if (isEligible(record, eligibility)) accepted.push(record, dot(query.vector, record.embedding));
  }
  return accepted.sorted();
}

async function nearest(
  context: SearchContext,
  query: SearchQuery,
  nResults: number,
  where: Where | undefined,
): Promise<ChromaRow[]> {
  const result = await context.connection.on("memories", "search memories", (collection) =>
    collection.query({
      queryEmbeddings: [Array.from(query.vector)],
      nResults,
      ...(where ? { where } : {}),
      include: ["documents", "embeddings"],
    }),
  );
  return (result.rows()[0] ?? []).map((row) => ({
    id: row.id,
    document: row.document,
    embedding: row.embedding ?? undefined,
    metadata: undefined,
  }));
}

/** Exact top-k by cosine over every eligible memory (used when Chroma's filtered query cannot fill the page). */
async function exactVectorRanking(
  context: SearchContext,
  query: SearchQuery,
  where: Where | undefined,
  eligibility: Eligibility,
) {
  const rows = await context.reads.scan(where, ["documents", "embeddings"], "search memories");
  return acceptRows(rows, query, eligibility);
}

/**
 * Top-k by vector. When the scope holds most of the collection and there is no filter, Chroma's unfiltered
 * nearest-neighbour query, over-fetched by the scope's share and checked here. Otherwise a query narrowed to
 * the narrowest scope field and the filter, over-fetching while our side's checks reject results, up to the
 * request limit; beyond that an exact scan.
 */
export async function vectorRanking(
  context: SearchContext,
  query: SearchQuery,
  eligibility: Eligibility,
  plan: VectorPlan,
): Promise<MemoryRecord[]> {
  const maxResults = context.limits.maxResultsPerRequest;
  if (plan.share !== undefined && plan.share >= postFilterShare && !query.filter) {
    const wanted = Math.min(maxResults, Math.ceil((query.limit * 1.25) / plan.share));
    const rows = await nearest(context, query, wanted, undefined);
    const top = acceptRows(rows, query, eligibility);
    if (top.length >= query.limit || rows.length < wanted) return top;
  }
  const where = buildWhere(
    { ...eligibility, scope: narrowestScope(query.scope), includeInvalid: true },
    context.limits,
  );
  for (let wanted = Math.min(query.limit, maxResults); ; wanted = Math.min(wanted * 4, maxResults)) {
    const rows = await nearest(context, query, wanted, where);
    const top = acceptRows(rows, query, eligibility);
    if (top.length >= query.limit || rows.length < wanted) return top;
    if (wanted >= maxResults) return exactVectorRanking(context, query, plan.where, eligibility);
  }
}
