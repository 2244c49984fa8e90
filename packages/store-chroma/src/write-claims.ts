import { createHash, randomBytes } from "node:crypto";
import { StoreError, type WriteBatch } from "@engram/core";
import type { Where } from "chromadb";
import type { ChromaConnection } from "./chroma-connection.js";
import { type ChromaReads, chunk } from "./chroma-reads.js";
import { placeholderEmbedding } from "./state-records.js";
import { storeName } from "./to-store-error.js";

/*
 * Cross-process write claims. Chroma has no transaction or compare-and-swap, but `add` of an id that exists is
 * ignored (the first record stays), so adding a record and reading it back tells one writer, and only one, that
 * it holds that id. Before checking a batch's conditions, a writer claims:
 * - `c:v:<memoryId>:<version>` for every version its batch writes (an update to version n, or a delete of version
 *   n, which claims n + 1);
 * - `c:u:<sha256(uniqueKey)>` for every deduplication key its upserts hold.
 * With all claims held it reads the current records, checks the batch against them, writes its journal and applies
 * it; then it releases its claims. A competing writer cannot hold the same claims meanwhile, and once it holds
 * them it reads the winner's result, so it fails the check (a version conflict, a duplicate) instead of writing
 * over it. Claims are locks, not records of truth: released claims are gone, and the check itself always runs on
 * what is stored.
 * A writer that meets a claim held by another releases all of its own (so two writers never wait on each other)
 * and tries again after a short random pause, for at most `claimWaitMs`. A claim whose owner died is released by
 * whoever completes the owner's journal; one whose owner died before writing a journal is taken over (a
 * conditional delete on its owner, then a new claim) once it is older than `graceMs`.
 */

/** A claim token: one per batch write, recorded in the batch's journal header. */
export function newClaimToken(): string {
  return randomBytes(12).toString("hex");
}

const keyHash = (uniqueKey: string) => createHash("sha256").update(uniqueKey, "utf8").digest("hex");

/** The claim ids a batch needs (none for a batch that only adds memories without deduplication keys). */
export function claimIds(batch: WriteBatch): string[] {
  const ids = new Set<string>();
  for (const record of batch.upserts) {
    if (record.version > 1) ids.add(`c:v:${record.id}:${record.version}`);
    if (record.uniqueKey !== undefined) ids.add(`c:u:${keyHash(record.uniqueKey)}`);
  }
  for (const ref of batch.deletes) ids.add(`c:v:${ref.id}:${ref.version + 1}`);
  return [...ids].sort();
}

/** What claiming needs. */
export interface ClaimContext {
  connection: ChromaConnection;
  stateReads: ChromaReads;
  maxRecordsPerWrite: number;
  /** How old a claim without a journal must be before it is taken over (ms). */
  graceMs: number;
  /** How long to keep trying when other writers hold claims (ms). */
  claimWaitMs: number;
  now: () => number;
}

const ownedBy = (token: string): Where => ({ $and: [{ kind: "claim" }, { owner: token }] });

/** Releases every claim of a token (a conditional delete: claims taken over by others are left alone). */
export async function releaseClaims(connection: ChromaConnection, token: string): Promise<void> {
  await connection.on("state", "release write claims", (collection) =>
    collection.delete({ where: ownedBy(token) }),
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a batch with this claim token still has a journal (it is then completed, and its claims released). */
async function hasJournal(context: ClaimContext, token: string): Promise<boolean> {
  const rows = await context.stateReads.scan(
    { $and: [{ kind: "journal" }, { claims: token }] },
    [],
    "check a write claim",
  );
  return rows.length > 0;
}

/**
 * Takes every claim for `ids` under `token`, or throws a StoreError after `claimWaitMs` of other writers holding
 * some of them. On return the caller holds them all and must release them (`releaseClaims`).
 */
export async function acquireClaims(context: ClaimContext, ids: string[], token: string): Promise<void> {
  if (!ids.length) return;
  try {
    await tryToAcquire(context, ids, token);
  } catch (error) {
    // Claims this attempt did take would block this memory's writers until journal.graceMs: give them back.
    await releaseClaims(context.connection, token).catch(() => undefined);
    throw error;
  }
}

async function tryToAcquire(context: ClaimContext, ids: string[], token: string): Promise<void> {
  const deadline = context.now() + context.claimWaitMs;
  const { connection, maxRecordsPerWrite } = context;
  for (let attempt = 0; ; attempt++) {
    const created = context.now();
    for (const part of chunk(ids, maxRecordsPerWrite)) {
      await connection.on("state", "take write claims", (collection) =>
        collection.add({
          ids: part,
          embeddings: part.map(() => placeholderEmbedding),
          metadatas: part.map(() => ({ kind: "claim", owner: token, created })),
        }),
      );
    }
    const rows = await context.stateReads.byIds(ids, ["metadatas"], "take write claims");
    const others = new Map<string, { owner: string; created: number }>();
    for (const id of ids) {
      const metadata = rows.get(id)?.metadata;
      const owner = typeof metadata?.owner === "string" ? metadata.owner : undefined;
      // A claim released between our add and our read is missing: take it on the next attempt.
      if (owner !== token)
        others.set(id, { owner: owner ?? "", created: Number(metadata?.created ?? Number.NaN) });
    }
    if (!others.size) return;
    await releaseClaims(connection, token);
    const cutoff = context.now() - context.graceMs;
    for (const owner of new Set(
      [...others.values()].filter((claim) => claim.created <= cutoff).map((c) => c.owner),
    )) {
      if (owner && !(await hasJournal(context, owner))) await releaseClaims(connection, owner);
    }
    if (context.now() >= deadline) {
      const [first] = others.keys();
      throw new StoreError({
        store: storeName,
        message: `Another writer has held a write claim (${first}) for over ${context.claimWaitMs} ms, so nothing was written. Try again; a claim whose writer died is released after journal.graceMs.`,
      });
    }
    await pause(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}
