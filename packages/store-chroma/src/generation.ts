import { randomBytes } from "node:crypto";
import type { Where } from "chromadb";
import type { ChromaConnection } from "./chroma-connection.js";
import type { StateRecord } from "./state-records.js";

/**
 * What a reader knows about the store's writes: the id of the state collection (a reset recreates it) and,
 * for every writer (one per store instance that ever wrote), how many batches it has committed.
 */
export interface GenerationTag {
  /** Id of the state collection the generations were read from. */
  collectionId: string;
  /** Committed-batch counter per writer id. */
  writers: Map<string, number>;
}

/** Generation records older than this are removed by the recovery sweep (cache entries expire much sooner). */
export const generationMaxAgeMs = 24 * 60 * 60 * 1000;
const where: Where = { kind: "generation" };

/** A new random writer id (one per store instance). */
export function newWriterId(): string {
  return randomBytes(8).toString("hex");
}

/** The state-collection id of a writer's generation record. */
export const generationRecordId = (writerId: string) => `g:${writerId}`;

/** The record a writer upserts after the data steps of each batch it commits (its counter, when). */
export function generationRecord(writerId: string, counter: number, now: number): StateRecord {
  return {
    id: generationRecordId(writerId),
    document: "",
    metadata: { kind: "generation", counter, written: now },
  };
}

/** True when two tags describe the same state of the store. */
export function sameTag(a: GenerationTag, b: GenerationTag): boolean {
  if (a.collectionId !== b.collectionId || a.writers.size !== b.writers.size) return false;
  for (const [writer, counter] of a.writers) if (b.writers.get(writer) !== counter) return false;
  return true;
}

/** Reads every writer's generation (one small request, more only with hundreds of writers). */
export async function readGenerationTag(
  connection: ChromaConnection,
  pageSize: number,
): Promise<GenerationTag> {
  const writers = new Map<string, number>();
  let collectionId = "";
  for (let offset = 0; ; offset += pageSize) {
    const page = await connection.on("state", "check the search cache", async (collection) => {
      collectionId = collection.id;
      return collection.get({ where, include: ["metadatas"], limit: pageSize, offset });
    });
    page.ids.forEach((id, index) => {
      writers.set(id.slice(2), Number(page.metadatas[index]?.counter ?? 0));
    });
    if (page.ids.length < pageSize) return { collectionId, writers };
  }
}

/** Ids of generation records last written before `cutoff` (ms). */
export async function staleGenerationIds(
  connection: ChromaConnection,
  cutoff: number,
  pageSize: number,
): Promise<string[]> {
  const ids: string[] = [];
  const stale: Where = { $and: [where, { written: { $lt: cutoff } }] };
  for (let offset = 0; ; offset += pageSize) {
    const page = await connection.on("state", "look for unfinished batches", (collection) =>
      collection.get({ where: stale, include: [], limit: pageSize, offset }),
    );
    ids.push(...page.ids);
    if (page.ids.length < pageSize) return ids;
  }
}
