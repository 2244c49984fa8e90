import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WriteBackQueue } from "./write-back-queue.js";

/** A promise whose settling the test controls. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
});
afterEach(async () => {
  await settle();
  process.off("unhandledRejection", onUnhandled);
  // Neither unhandled rejections nor errors of tasks queued with add() may happen in any test.
  expect(unhandled).toEqual([]);
});

/** Queues a task whose errors the test does not expect. */
function add(queue: WriteBackQueue, key: string, task: () => Promise<unknown>): Promise<void> {
  return queue.enqueue(key, task, (error) => unhandled.push(error));
}

describe("WriteBackQueue", () => {
  it("runs tasks with the same key one after the other, in queue order", async () => {
    const queue = new WriteBackQueue();
    const events: string[] = [];
    const first = deferred();
    void add(queue, "alice", async () => {
      events.push("first started");
      await first.promise;
      events.push("first done");
    });
    void add(queue, "alice", async () => {
      events.push("second started");
    });
    await settle();
    // The second task must wait although it would finish at once.
    expect(events).toEqual(["first started"]);
    first.resolve();
    await queue.flush();
    expect(events).toEqual(["first started", "first done", "second started"]);
  });

  it("runs tasks with different keys in parallel", async () => {
    const queue = new WriteBackQueue();
    const events: string[] = [];
    const alice = deferred();
    void add(queue, "alice", () => alice.promise.then(() => events.push("alice done")));
    void add(queue, "bob", async () => events.push("bob done"));
    await settle();
    expect(events).toEqual(["bob done"]);
    alice.resolve();
    await queue.flush();
    expect(events).toEqual(["bob done", "alice done"]);
  });

  it("sends a failing task's error to the handler, never to an unhandled rejection, and goes on", async () => {
    const queue = new WriteBackQueue();
    const errors: unknown[] = [];
    const failure = new Error("store is down");
    const ran: string[] = [];
    const failed = queue.enqueue(
      "alice",
      async () => {
        throw failure;
      },
      (error) => errors.push(error),
    );
    const next = add(queue, "alice", async () => ran.push("next"));
    await expect(failed).resolves.toBeUndefined();
    await expect(next).resolves.toBeUndefined();
    await settle();
    expect(errors).toEqual([failure]);
    expect(ran).toEqual(["next"]);
    expect(unhandled).toEqual([]);
  });

  it("swallows an error thrown by the handler itself", async () => {
    const queue = new WriteBackQueue();
    const done = queue.enqueue(
      "alice",
      () => Promise.reject(new Error("write failed")),
      () => {
        throw new Error("handler failed");
      },
    );
    await expect(done).resolves.toBeUndefined();
    const after: string[] = [];
    await add(queue, "alice", async () => after.push("after"));
    await settle();
    expect(after).toEqual(["after"]);
    expect(unhandled).toEqual([]);
  });

  it("flush() waits for tasks queued while it is waiting", async () => {
    const queue = new WriteBackQueue();
    const events: string[] = [];
    const first = deferred();
    void add(queue, "alice", async () => {
      await first.promise;
      events.push("first");
      // Queued while flush() is already waiting, under another key so it starts a new chain.
      void add(queue, "bob", () => settle().then(() => events.push("queued meanwhile")));
    });
    const flushed = queue.flush().then(() => events.push("flushed"));
    first.resolve();
    await flushed;
    expect(events).toEqual(["first", "queued meanwhile", "flushed"]);
  });

  it("flush() resolves at once when nothing is queued, and the queue is reusable afterwards", async () => {
    const queue = new WriteBackQueue();
    await expect(queue.flush()).resolves.toBeUndefined();
    const ran: string[] = [];
    void add(queue, "alice", async () => ran.push("one"));
    await queue.flush();
    void add(queue, "alice", async () => ran.push("two"));
    await queue.flush();
    expect(ran).toEqual(["one", "two"]);
  });
});
