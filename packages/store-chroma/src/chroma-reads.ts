import type { Collection, Where } from "chromadb";
import type { ChromaConnection, CollectionRole } from "./chroma-connection.js";

/** One record as read from Chroma. */
export interface ChromaRow {
  id: string;
  document: string | null | undefined;
  embedding: number[] | undefined;
  metadata: Record<string, unknown> | null | undefined;
}

/** Fields a read asks for. */
export type RowFields = Array<"documents" | "embeddings" | "metadatas">;

function rowsOf(result: Awaited<ReturnType<Collection["get"]>>): ChromaRow[] {
  return result.rows().map((row) => ({
    id: row.id,
    document: row.document,
    embedding: row.embedding,
    metadata: row.metadata as Record<string, unknown> | null | undefined,
  }));
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Paged reads over one collection, within the request limits. */
export class ChromaReads {
  constructor(
    private readonly connection: ChromaConnection,
    private readonly role: CollectionRole,
    private readonly pageSize: number,
  ) {}

  /** Reads records by id (missing ids are absent), in pages. */
  async byIds(ids: readonly string[], include: RowFields, what: string): Promise<Map<string, ChromaRow>> {
    const found = new Map<string, ChromaRow>();
    for (const part of chunk([...new Set(ids)], this.pageSize)) {
      const result = await this.connection.on(this.role, what, (collection) =>
        collection.get({ ids: part, include }),
      );
      for (const row of rowsOf(result)) found.set(row.id, row);
    }
    return found;
  }

  /**
   * Reads every record matching `where`, page by page. Chroma pages by offset, so a record deleted by another
   * process during the scan can shift a later one out of view; it shows up again on the next read.
   */
  async scan(where: Where | undefined, include: RowFields, what: string): Promise<ChromaRow[]> {
    const rows = new Map<string, ChromaRow>();
    for (let offset = 0; ; offset += this.pageSize) {
      const result = await this.connection.on(this.role, what, (collection) =>
        collection.get({ ...(where ? { where } : {}), include, limit: this.pageSize, offset }),
      );
      const page = rowsOf(result);
      for (const row of page) rows.set(row.id, row);
      if (page.length < this.pageSize) return [...rows.values()];
    }
  }
}
