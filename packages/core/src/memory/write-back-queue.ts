/**
 * Runs write-backs off the response's critical path. Tasks with the same key (one scope) run one after the
 * other, so a fast second turn cannot overtake the first; errors go to the handler and never become
 * unhandled rejections.
 * @example
 * const queue = new WriteBackQueue();
 * void queue.enqueue(JSON.stringify(scope), () => memory.add(turn, { ...scope, infer: true }), console.warn);
 * await queue.flush(); // before shutdown, or in tests
 */
export class WriteBackQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  /** Queues `task` behind earlier tasks with the same key; the returned promise never rejects. */
  enqueue(key: string, task: () => Promise<unknown>, onError: (error: unknown) => void): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task).then(
      () => undefined,
      (error: unknown) => {
        try {
          onError(error);
        } catch {
          // A throwing error handler must not turn into an unhandled rejection.
        }
      },
    );
    this.tails.set(key, run);
    this.pending.add(run);
    void run.finally(() => {
      this.pending.delete(run);
      if (this.tails.get(key) === run) this.tails.delete(key);
    });
    return run;
  }

  /** Resolves once every queued task (including ones queued meanwhile) has settled. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
