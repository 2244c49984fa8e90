import {
  compareNewestFirst,
  decodeCursor,
  encodeCursor,
  isValid,
  type ListOptions,
  type ListResult,
  type MemoryRecord,
  type MemoryFilter,
  matchesFilter,
  matchesScope,
  type Scope,
  type ValidityOptions,
} from "@engram/core";
import type { ChromaStoreLimits } from "./chroma-store-options.js";
import type { ChromaReads } from "./chroma-reads.js";
import { buildWhere, narrowestScope } from "./query-where.js";
import { decodeDocument, decodeRecord } from "./record-codec.js";

type StoredItem = Omit<MemoryRecord, "embedding">;

/** What a read must match on our side: the same checks as core's reference index. */
export interface Eligibility extends ValidityOptions {
  scope: Scope | null;
  filter?: MemoryFilter | undefined;
  now: string;
}

/** True when a record belongs to the read: scope, validity and filter, evaluated by core. */
export function isEligible(record: StoredItem, eligibility: Eligibility): boolean {
  return (
    matchesScope(record, eligibility.scope) &&
    isValid(record, eligibility, eligibility.now) &&
    matchesFilter(record as MemoryRecord, eligibility.filter)
  );
}

/** Reads the full records (with vectors) of the given items, keeping their order; vanished ones are dropped. */
export async function withEmbeddings(reads: ChromaReads, items: StoredItem[]): Promise<MemoryRecord[]> {
  const rows = await reads.byIds(
    items.map((item) => item.id),
    ["documents", "embeddings"],
    "read memories",
  );
  return items.flatMap((item) => {
    const row = rows.get(item.id);
    return row?.embedding ? [decodeRecord(row.document, row.embedding)] : [];
  });
}

/**
 * Lists a scope newest first. Chroma cannot sort, so the scope's matching records are read (without vectors),
 * checked and sorted here; only the page's vectors are fetched.
 */
export async function listMemories(
  reads: ChromaReads,
  options: ListOptions,
  limits: Required<ChromaStoreLimits>,
  now: string,
): Promise<ListResult> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const eligibility: Eligibility = {
    scope: options.scope,
    filter: options.filter,
    now,
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(options.includeInvalid ? { includeInvalid: true } : {}),
  };
  // One scope field and no validity dates in Chroma (each costs time in proportion to the collection there,
  // see narrowestScope); `isEligible` below checks everything.
  const where = buildWhere(
    {
      ...eligibility,
      scope: narrowestScope(options.scope),
      includeInvalid: true,
      createdAtMost: after?.createdAt,
    },
    limits,
  );
  const rows = await reads.scan(where, ["documents"], "list memories");
  const matching = rows
    .map((row) => decodeDocument(row.document))
    .filter((item) => isEligible(item, eligibility));
  matching.sort(compareNewestFirst);
  let start = 0;
  if (after) {
    start = matching.findIndex((item) => compareNewestFirst(item, after) > 0);
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + options.limit);
  const last = page.at(-1);
  const records = await withEmbeddings(reads, page);
  const nextCursor = last && start + page.length < matching.length ? encodeCursor(last) : undefined;
  return nextCursor ? { records, nextCursor } : { records };
}
