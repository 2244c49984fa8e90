import type { MemoryAccess, MemoryStore } from "../store/memory-store.js";

/** Most memories counted in memory before a flush is forced. */
const maxPending = 1000;

/**
 * Counts which memories reads return and hands the counts to the store in batches (`store.touch`), off the read
 * path: every `flushEveryMs` (0: right after each read), when `maxPending` memories are waiting, and on close.
 * A failed flush keeps its counts for the next one.
 */
export class AccessTracker {
  private pending = new Map<string, MemoryAccess>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MemoryStore,
    private readonly flushEveryMs: number,
  ) {}

  /** Counts one read that returned these memories at `at` (ISO 8601). */
  async note(ids: readonly string[], at: string): Promise<void> {
    for (const id of ids) {
      const seen = this.pending.get(id);
      if (seen) {
        seen.count += 1;
        if (seen.at < at) seen.at = at;
      } else this.pending.set(id, { id, count: 1, at });
    }
    if (this.flushEveryMs === 0 || this.pending.size >= maxPending) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushEveryMs);
  }

  /** Writes the waiting counts to the store. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = async () => {
      if (!this.pending.size) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.store.touch!(batch);
      } catch (error) {
        for (const access of batch) {
          const seen = this.pending.get(access.id);
          if (seen) {
            seen.count += access.count;
            if (seen.at < access.at) seen.at = access.at;
          } else if (this.pending.size < maxPending) this.pending.set(access.id, access);
        }
        throw error;
      }
    };
    const result = this.flushing.then(run, run);
    this.flushing = result.catch(() => undefined);
    return result;
  }
}
