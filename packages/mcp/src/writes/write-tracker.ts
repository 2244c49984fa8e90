import { randomUUID } from "node:crypto";
import {
  type AddResult,
  InvalidArgumentError,
  type ScopeSelector,
  sameScope,
  scopeFields,
  WriteBackQueue,
} from "@engram/core";
import type { WriteStatus } from "./write-status.js";

/** Options of a `WriteTracker`. */
export interface WriteTrackerOptions {
  /** How many finished writes are remembered for `get_write_status` (older ones are forgotten first). @default 1000 */
  maxFinished?: number;
  /** How many writes may wait or run at once; more are refused until some finish. @default 1000 */
  maxPending?: number;
  /** Told about every failed write (the status keeps the message too). */
  onError?: (error: unknown, status: WriteStatus) => void;
  /** Test hooks: a clock and an id generator. */
  _internal?: { now?: () => Date; generateId?: () => string };
}

interface Entry {
  scope: ScopeSelector;
  status: WriteStatus;
  settled: Promise<void>;
}

function scopeKey(scope: ScopeSelector): string {
  return JSON.stringify(scopeFields.map((field) => scope[field] ?? null));
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why an add saved nothing although it succeeded, as core's memory tools phrase it. */
function notSavedOf(result: AddResult): string | undefined {
  const refused =
    result.skipped?.filter((skip) => skip.reason === "vetoed" || skip.reason === "policy") ?? [];
  if (refused.length > 0) {
    return `${refused.length} memor${refused.length === 1 ? "y was" : "ies were"} not saved: the application's write policy refused ${refused.length === 1 ? "it" : "them"} (${refused.map((skip) => skip.detail).join(" ")}).`;
  }
  return result.results.length === 0 ? "Nothing was saved: the text held nothing to remember." : undefined;
}

/**
 * Runs adds in the background (on core's `WriteBackQueue`: one scope's writes run in order) and keeps their
 * status, so a client gets a write id at once and can ask, or wait with a bound, for the outcome. A status is
 * only visible in the scope that made the write; failures are kept as statuses, never lost.
 */
export class WriteTracker {
  private readonly queue = new WriteBackQueue();
  private readonly entries = new Map<string, Entry>();
  private pendingCount = 0;
  private readonly maxFinished: number;
  private readonly maxPending: number;
  private readonly now: () => Date;
  private readonly generateId: () => string;

  constructor(private readonly options: WriteTrackerOptions = {}) {
    this.maxFinished = options.maxFinished ?? 1000;
    this.maxPending = options.maxPending ?? 1000;
    this.now = options._internal?.now ?? (() => new Date());
    this.generateId = options._internal?.generateId ?? randomUUID;
  }

  /** Queues `write` in `scope` and returns its pending status at once. */
  submit(scope: ScopeSelector, write: () => Promise<AddResult>): WriteStatus {
    if (this.pendingCount >= this.maxPending) {
      throw new InvalidArgumentError({
        argument: "write",
        message: `${this.pendingCount} writes are still pending; wait for them (get_write_status with waitMs) before adding more.`,
      });
    }
    const status: WriteStatus = {
      writeId: this.generateId(),
      status: "pending",
      submittedAt: this.now().toISOString(),
    };
    this.pendingCount += 1;
    const run = async () => {
      const result = await write();
      status.results = result.results.map(({ id, memory, event }) => ({ id, memory, event }));
      const notSaved = notSavedOf(result);
      if (notSaved !== undefined) status.notSaved = notSaved;
      status.status = "done";
    };
    const settled = this.queue
      .enqueue(scopeKey(scope), run, (error) => {
        status.status = "failed";
        status.error = describeFailure(error);
        this.options.onError?.(error, { ...status });
      })
      .finally(() => {
        status.finishedAt = this.now().toISOString();
        this.pendingCount -= 1;
        this.forgetOldest();
      });
    this.entries.set(status.writeId, { scope, status, settled });
    return { ...status };
  }

  /** The statuses of these writes (or the scope's most recent ones), waiting up to `waitMs` for pending ones. */
  async statuses(scope: ScopeSelector, writeIds: string[] | undefined, waitMs = 0): Promise<WriteStatus[]> {
    const entries = writeIds === undefined ? this.recent(scope) : writeIds.map((id) => this.find(scope, id));
    const pending = entries.filter((entry) => entry.status.status === "pending");
    if (waitMs > 0 && pending.length > 0)
      await settleWithin(
        pending.map((entry) => entry.settled),
        waitMs,
      );
    return entries.map((entry) => ({ ...entry.status }));
  }

  /** Resolves once every write queued so far (and meanwhile) has finished or failed. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  private find(scope: ScopeSelector, writeId: string): Entry {
    const entry = this.entries.get(writeId);
    // Another scope's write is reported exactly like one that never existed.
    if (!entry || !sameScope(entry.scope, scope)) {
      throw new InvalidArgumentError({
        argument: "writeIds",
        message: `no write ${JSON.stringify(writeId)} in this scope (finished writes are kept for the last ${this.maxFinished}); pass an id returned by add_memory.`,
      });
    }
    return entry;
  }

  private recent(scope: ScopeSelector, limit = 20): Entry[] {
    const mine = [...this.entries.values()].filter((entry) => sameScope(entry.scope, scope));
    return mine.slice(-limit).reverse();
  }

  private forgetOldest(): void {
    let finished = this.entries.size - this.pendingCount;
    for (const [id, entry] of this.entries) {
      if (finished <= this.maxFinished) break;
      if (entry.status.status === "pending") continue;
      this.entries.delete(id);
      finished -= 1;
    }
  }
}

/** Waits for every promise, or for `ms`, whichever comes first (the timer never holds the process open). */
async function settleWithin(promises: Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([Promise.all(promises), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
