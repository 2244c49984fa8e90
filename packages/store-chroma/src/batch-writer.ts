import type { ChromaBatch } from "./chroma-batch.js";
import { StoreError } from "@engram/core";
import type { Where } from "chromadb";
import { type ApplyContext, applyBatch, encodeUpserts } from "./apply-batch.js";
import { nextBatchKey } from "./batch-key.js";
import type { ChromaReads } from "./chroma-reads.js";
import { generationMaxAgeMs, generationRecord, newWriterId, staleGenerationIds } from "./generation.js";
import {
  journalId,
  journalRecords,
  loadJournalBatch,
  type PendingJournal,
  removeJournal,
  writeJournal,
} from "./journal.js";
import { deleteState, upsertState } from "./state-records.js";
import { isRetryable, storeName } from "./to-store-error.js";
import { releaseClaims } from "./write-claims.js";

/** What a recovery pass did. */
export interface RecoveryResult {
  /** Unfinished batches that were completed. */
  replayed: number;
  /** Batch keys whose journal could not be replayed (missing parts, or refused by Chroma); kept for inspection. */
  failed: string[];
}

function rewrap(error: unknown, note: string): StoreError {
  const inner =
    error instanceof Error ? error.message.replace(/^\[engram\] \[chroma\] /u, "") : String(error);
  return new StoreError({ store: storeName, message: `${inner} ${note}`, cause: error });
}

function retryableFailure(error: unknown): boolean {
  return isRetryable(error) || isRetryable((error as { cause?: unknown })?.cause);
}

/**
 * Told about every batch this writer committed, in commit order (the search cache listens). `before`: this
 * writer's generation counter on the server before the batch (0 for none; null when uncertain after a failed
 * write); `after`: its counter now. Replays are reported with `batch` undefined.
 */
export type CommitListener = (event: {
  batch: ChromaBatch | undefined;
  before: number | null;
  after: number;
}) => void;

/**
 * Writes batches through a write-ahead journal in the state collection, because Chroma has no transaction
 * across collections: journal first, then the idempotent steps, then the journal is removed. Any process
 * completes batches left unfinished (its own at once, other processes' after `graceMs`).
 */
export class BatchWriter {
  private readonly ownPending = new Map<string, number>();
  /** Claim tokens of this writer's pending batches, released if their journal turns out never to have been stored. */
  private readonly ownClaims = new Map<string, string>();
  private lastCheck = Number.NEGATIVE_INFINITY;
  private recovering: Promise<RecoveryResult> | undefined;
  private counter = 0;
  /** The counter the server holds for this writer, when known (0: no record yet). */
  private confirmed: number | null = 0;
  /** Batches (live and replayed) are applied one at a time, so generation writes reach the server in order. */
  private applying: Promise<unknown> = Promise.resolve();

  private readonly writerId: string;
  private readonly onCommit: CommitListener | undefined;

  constructor(
    private readonly context: ApplyContext,
    private readonly stateReads: ChromaReads,
    generations: { writerId: string; onCommit?: CommitListener } = { writerId: newWriterId() },
  ) {
    this.writerId = generations.writerId;
    this.onCommit = generations.onCommit;
  }

  /**
   * Applies a batch under the writer's lock with the next generation counter; on success the listener learns
   * about it, on failure this writer's generation on the server becomes uncertain.
   */
  private apply(
    batch: ChromaBatch,
    key: string,
    replay: boolean,
    progress?: { changed: boolean },
  ): Promise<void> {
    const run = async () => {
      const before = this.confirmed;
      this.counter += 1;
      const after = this.counter;
      const generation = generationRecord(this.writerId, after, this.context.options.now());
      try {
        await applyBatch(this.context, batch, key, replay, generation, progress);
      } catch (error) {
        this.confirmed = null;
        throw error;
      }
      this.confirmed = after;
      this.onCommit?.({ batch: replay ? undefined : batch, before, after });
    };
    const result = this.applying.then(run, run);
    this.applying = result.catch(() => undefined);
    return result;
  }

  /** Forgets pending work (after a reset removed every journal). */
  forget(): void {
    this.ownPending.clear();
    this.ownClaims.clear();
    this.lastCheck = Number.NEGATIVE_INFINITY;
    this.confirmed = null;
  }

  /**
   * Writes one batch: all of it, or (after a failure) a journal that the next operation completes. With `claims`
   * (held write claims, see `write-claims.ts`) the journal names their token, the claims are verified once the
   * journal exists (from then on nobody takes them over) and released when the batch is applied or abandoned;
   * a batch left journaled keeps them until it is completed.
   */
  async write(batch: ChromaBatch, claims?: { token: string; ids: string[] }): Promise<void> {
    const release = () => (claims ? releaseClaims(this.context.connection, claims.token) : undefined);
    if (batch.upserts.length === 0 && batch.deletes.length === 0 && batch.history.length === 0) {
      await release();
      return;
    }
    const { options, connection } = this.context;
    const key = nextBatchKey(options.now());
    let journal: ReturnType<typeof journalRecords>;
    try {
      encodeUpserts(batch, key, options); // refuse invalid records before anything is written
      journal = journalRecords(key, batch, options.limits, claims?.token);
    } catch (error) {
      await release();
      throw error;
    }
    const parts = journal.parts.length;
    try {
      await writeJournal(connection, journal, options.limits.maxRecordsPerWrite);
    } catch (error) {
      // In case the server stored the journal before failing; the claims stay until it is completed, or, if
      // the next look finds no journal, are released then.
      this.ownPending.set(key, parts);
      if (claims) this.ownClaims.set(key, claims.token);
      throw rewrap(
        error,
        "Nothing was applied; if the server kept the journal, the next operation completes the batch.",
      );
    }
    const progress = { changed: false };
    const abandon = async (error: unknown) => {
      await removeJournal(connection, key, parts, options.limits.maxRecordsPerWrite).then(release, () =>
        this.ownPending.set(key, parts),
      );
      throw error;
    };
    if (claims && !(await this.stillClaimed(claims))) {
      await abandon(
        new StoreError({
          store: storeName,
          message:
            "This write paused for longer than journal.graceMs while holding its write claims and another writer took them over, so nothing was written. Try again.",
        }),
      );
    }
    try {
      await options.onWriteStep?.("journal-written", key);
      await this.apply(batch, key, false, progress);
    } catch (error) {
      if (!retryableFailure(error) && StoreError.isInstance(error) && !progress.changed) {
        // Chroma refused the batch before anything changed: drop its journal.
        await abandon(error);
      }
      this.ownPending.set(key, parts);
      throw rewrap(
        error,
        "The batch is journaled in Chroma: this store completes it on its next operation (other processes after journal.graceMs), or call store.recover().",
      );
    }
    try {
      await release(); // before the journal goes: a crash in between leaves a replay that releases them
      await removeJournal(connection, key, parts, options.limits.maxRecordsPerWrite);
    } catch {
      this.ownPending.set(key, parts); // applied in full; only the claims and journal are left to remove
      return;
    }
    await options.onWriteStep?.("journal-removed", key);
  }

  /** Whether this writer still holds all of its claims. */
  private async stillClaimed(claims: { token: string; ids: string[] }): Promise<boolean> {
    const rows = await this.stateReads.byIds(claims.ids, ["metadatas"], "verify write claims");
    return claims.ids.every((id) => rows.get(id)?.metadata?.owner === claims.token);
  }

  /** Completes this process's unfinished batches, and every `checkIntervalMs` other processes' old ones. */
  async ensureRecovered(): Promise<void> {
    if (this.recovering) {
      await this.recovering;
      return;
    }
    const due = this.context.options.now() - this.lastCheck >= this.context.options.checkIntervalMs;
    if (this.ownPending.size === 0 && !due) return;
    await this.recover(due, this.context.options.graceMs);
  }

  /** Completes unfinished batches; `graceMs` 0 includes batches that other processes may still be writing. */
  async recover(includeOthers: boolean, graceMs: number): Promise<RecoveryResult> {
    while (this.recovering) await this.recovering.catch(() => undefined);
    this.recovering = this.runRecovery(includeOthers, graceMs);
    try {
      return await this.recovering;
    } finally {
      this.recovering = undefined;
    }
  }

  private async pendingJournals(
    includeOthers: boolean,
    cutoff: number,
  ): Promise<Map<string, PendingJournal>> {
    const found = new Map<string, PendingJournal>();
    const add = (row: {
      document: string | null | undefined;
      metadata: Record<string, unknown> | null | undefined;
      id: string;
    }) => {
      if (row.metadata?.kind !== "journal") return;
      const key = row.id.slice(2);
      found.set(key, {
        key,
        parts: Number(row.metadata.parts ?? 0),
        document: row.document ?? "",
        metadata: row.metadata,
      });
    };
    const own = await this.stateReads.byIds(
      [...this.ownPending.keys()].map(journalId),
      ["documents", "metadatas"],
      "look for unfinished batches",
    );
    own.forEach(add);
    for (const key of this.ownPending.keys()) {
      if (found.has(key)) continue;
      this.ownPending.delete(key);
      const token = this.ownClaims.get(key);
      this.ownClaims.delete(key);
      if (token) await releaseClaims(this.context.connection, token);
    }
    if (includeOthers) {
      const where: Where = { $and: [{ kind: "journal" }, { created: { $lte: cutoff } }] };
      (await this.stateReads.scan(where, ["documents", "metadatas"], "look for unfinished batches")).forEach(
        add,
      );
    }
    return found;
  }

  private async runRecovery(includeOthers: boolean, graceMs: number): Promise<RecoveryResult> {
    const { options } = this.context;
    const now = options.now();
    const result: RecoveryResult = { replayed: 0, failed: [] };
    const journals = await this.pendingJournals(includeOthers, now - graceMs);
    for (const journal of [...journals.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      if (await this.replay(journal)) result.replayed += 1;
      else result.failed.push(journal.key);
      this.ownPending.delete(journal.key);
      this.ownClaims.delete(journal.key);
    }
    if (includeOthers) {
      await this.removeOrphanParts(now - graceMs * 10, new Set(journals.keys()));
      await this.removeStaleGenerations(now - generationMaxAgeMs);
      this.lastCheck = now;
    }
    return result;
  }

  /** Replays one journal; false when it cannot be (it is then set aside as "journal-failed"). */
  private async replay(journal: PendingJournal): Promise<boolean> {
    const { options, connection } = this.context;
    try {
      const batch = await loadJournalBatch(this.stateReads, journal);
      if (!batch) throw new Error("parts of the journal are missing");
      await this.apply(batch, journal.key, true);
    } catch (error) {
      if (retryableFailure(error)) throw error;
      const header = {
        id: journalId(journal.key),
        document: journal.document,
        metadata: { kind: "journal-failed", parts: journal.parts },
      };
      await upsertState(connection, [header], 1, "set aside an unreplayable batch");
      await this.releaseClaimsOf(journal);
      return false;
    }
    await this.releaseClaimsOf(journal);
    await removeJournal(connection, journal.key, journal.parts, options.limits.maxRecordsPerWrite);
    return true;
  }

  /** Releases the write claims a journaled batch held. */
  private async releaseClaimsOf(journal: PendingJournal): Promise<void> {
    const token = journal.metadata.claims;
    if (typeof token === "string" && token) await releaseClaims(this.context.connection, token);
  }

  /** Deletes generation records of writers silent for a day (search caches expire long before). */
  private async removeStaleGenerations(cutoff: number): Promise<void> {
    const { connection, options } = this.context;
    const page = options.limits.maxResultsPerRequest;
    const stale = await staleGenerationIds(connection, cutoff, page);
    await deleteState(connection, stale, options.limits.maxRecordsPerWrite, "remove old generation records");
  }

  /** Deletes parts of journals whose writer died before writing the header (set-aside journals keep theirs). */
  private async removeOrphanParts(cutoff: number, replayed: Set<string>): Promise<void> {
    const where: Where = { $and: [{ kind: "journal-part" }, { created: { $lte: cutoff } }] };
    const parts = await this.stateReads.scan(where, ["metadatas"], "look for unfinished batches");
    const keys = new Set(
      parts.map((row) => String(row.metadata?.journal)).filter((key) => !replayed.has(key)),
    );
    if (keys.size === 0) return;
    const headers = await this.stateReads.byIds([...keys].map(journalId), [], "look for unfinished batches");
    const orphans = parts.filter((row) => {
      const key = String(row.metadata?.journal);
      return keys.has(key) && !headers.has(journalId(key));
    });
    const { connection, options } = this.context;
    await deleteState(
      connection,
      orphans.map((row) => row.id),
      options.limits.maxRecordsPerWrite,
      "remove unfinished journals",
    );
  }
}
