import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MaintainReport } from "./maintain.js";
import { createMaintenanceTrigger } from "./maintenance-trigger.js";
import { Memory } from "./memory.js";

const day = 24 * 60 * 60 * 1000;
const alice = { userId: "alice" };
const bob = { userId: "bob" };

/** A Memory on the in-memory store with a clock the test moves. */
function clocked() {
  let now = Date.parse("2026-03-01T12:00:00.000Z");
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder({ dimensions: 64 }),
    _internal: { now: () => new Date(now) },
  });
  return {
    memory,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A promise whose settling the test controls. */
function gate() {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

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
  expect(unhandled).toEqual([]);
});

describe("createMaintenanceTrigger", () => {
  it("runs maintain() for a scope after every N recorded writes, and the archive policy archives stale memories", async () => {
    const { memory, advance } = clocked();
    const [old] = (await memory.add("Visited Kyoto in spring", { ...alice, type: "episode" })).results;
    advance(100 * day);
    const reports: Array<[MaintainReport, unknown]> = [];
    const trigger = createMaintenanceTrigger(memory, {
      afterWrites: 3,
      archive: [{ unaccessedFor: "90d", types: ["episode"] }],
      onRun: (report, scope) => reports.push([report, scope]),
    });
    for (const text of ["Likes tea", "Plays chess"]) {
      await memory.add(text, alice);
      trigger.recordWrites(alice);
    }
    await trigger.idle();
    expect(reports).toEqual([]); // 2 of 3 writes: no run yet
    expect((await memory.getAll(alice)).results.map((item) => item.state)).not.toContain("archived");

    await memory.add("Reads novels", alice);
    trigger.recordWrites(alice);
    await trigger.idle();
    expect(reports).toEqual([
      [expect.objectContaining({ archived: [old!.id], purged: 0, refused: 0, dryRun: false }), alice],
    ]);
    const archived = await memory.get(old!.id, alice);
    expect(archived!.state).toBe("archived");
    expect((await memory.history(old!.id, alice)).at(-1)).toMatchObject({
      event: "ARCHIVE",
      actor: "maintenance",
    });

    // The count starts again after a run: two more writes run nothing, the third does.
    trigger.recordWrites(alice, 2);
    await trigger.idle();
    expect(reports).toHaveLength(1);
    trigger.recordWrites(alice);
    await trigger.idle();
    expect(reports).toHaveLength(2);
    expect(reports[1]![0].archived).toEqual([]);
  });

  it("counts each scope on its own (userId, agentId and runId together are the key)", async () => {
    const { memory } = clocked();
    const maintain = vi.spyOn(memory, "maintain");
    const trigger = createMaintenanceTrigger(memory, { afterWrites: 2, actor: "nightly" });
    trigger.recordWrites(alice);
    trigger.recordWrites(bob);
    trigger.recordWrites({ userId: "alice", agentId: "planner" });
    await trigger.idle();
    expect(maintain).not.toHaveBeenCalled();
    trigger.recordWrites({ agentId: "planner", userId: "alice" });
    trigger.recordWrites(bob);
    await trigger.idle();
    expect(maintain.mock.calls.map(([options]) => options)).toEqual([
      { userId: "alice", agentId: "planner", actor: "nightly" },
      { userId: "bob", actor: "nightly" },
    ]);
  });

  it("never runs two maintenances of one scope at once: requests during a run make one more run afterwards", async () => {
    const { memory } = clocked();
    const held = gate();
    let running = 0;
    let mostAtOnce = 0;
    const maintain = memory.maintain.bind(memory);
    const spy = vi.spyOn(memory, "maintain").mockImplementation(async (options) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await held.promise;
      try {
        return await maintain(options);
      } finally {
        running--;
      }
    });
    const trigger = createMaintenanceTrigger(memory, { afterWrites: 1 });
    trigger.recordWrites(alice);
    await settle();
    expect(spy).toHaveBeenCalledTimes(1);
    trigger.recordWrites(alice);
    trigger.recordWrites(alice);
    trigger.recordWrites(alice, 5);
    trigger.recordWrites(bob); // another scope runs beside it
    await settle();
    expect(spy).toHaveBeenCalledTimes(2);
    let idle = false;
    const waiting = trigger.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    held.open();
    await waiting;
    expect(spy.mock.calls.map(([options]) => (options as { userId: string }).userId)).toEqual([
      "alice",
      "bob",
      "alice",
    ]);
    expect(mostAtOnce).toBe(2); // alice and bob, never alice twice
  });

  it("sends failed runs to onError and keeps going; without onError, errors are dropped, never unhandled", async () => {
    const { memory } = clocked();
    vi.spyOn(memory, "maintain").mockRejectedValueOnce(new Error("store offline"));
    const errors: Array<[string, unknown]> = [];
    const reports: MaintainReport[] = [];
    const trigger = createMaintenanceTrigger(memory, {
      afterWrites: 1,
      onError: (error, scope) => errors.push([(error as Error).message, scope]),
      onRun: (report) => {
        reports.push(report);
        throw new Error("a throwing onRun is dropped");
      },
    });
    trigger.recordWrites(alice);
    await trigger.idle();
    expect(errors).toEqual([["store offline", alice]]);
    trigger.recordWrites(alice);
    await trigger.idle();
    expect(reports).toHaveLength(1);

    vi.spyOn(memory, "maintain").mockRejectedValue(new Error("still offline"));
    const quiet = createMaintenanceTrigger(memory, { afterWrites: 1 });
    quiet.recordWrites(alice);
    await quiet.idle();
    // afterEach checks that no unhandled rejection happened.
  });

  it("stop() waits for the running run, drops queued ones and starts no more", async () => {
    const { memory } = clocked();
    const held = gate();
    const maintain = memory.maintain.bind(memory);
    let finished = 0;
    const spy = vi.spyOn(memory, "maintain").mockImplementation(async (options) => {
      await held.promise;
      const report = await maintain(options);
      finished++;
      return report;
    });
    const trigger = createMaintenanceTrigger(memory, { afterWrites: 1 });
    trigger.recordWrites(alice);
    await settle();
    trigger.recordWrites(alice); // queued behind the running one
    let stopped = false;
    const stopping = trigger.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(finished).toBe(1);
    trigger.recordWrites(alice);
    trigger.recordWrites(bob);
    await trigger.idle();
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it("checks its options: unknown keys, afterWrites, callbacks, settings, the memory and recordWrites' arguments", () => {
    const { memory } = clocked();
    const make = (options: unknown) => () => createMaintenanceTrigger(memory, options as never);
    expect(make({ afterWrites: 5, archiv: [] })).toThrow(/options\.archiv.*did you mean archive\?/u);
    expect(make({ afterWrites: 5, dryRun: true })).toThrow(/options\.dryRun/u);
    for (const afterWrites of [0, 1.5, "3", undefined, -1])
      expect(make({ afterWrites })).toThrow(/options\.afterWrites: expected a whole number/u);
    expect(make({ afterWrites: 1, onRun: "log" })).toThrow(/options\.onRun: expected a function/u);
    expect(make({ afterWrites: 1, archive: [{ unaccessedFor: "a while" }] })).toThrow(
      /options\.archive\[0\]\.unaccessedFor/u,
    );
    expect(make({ afterWrites: 1, purgeExpiredAfter: "soon" })).toThrow(/options\.purgeExpiredAfter/u);
    expect(make({ afterWrites: 1, actor: "" })).toThrow(/options\.actor/u);
    expect(make(null)).toThrow(InvalidArgumentError);
    expect(() => createMaintenanceTrigger({} as never, { afterWrites: 1 })).toThrow(
      /Invalid argument memory/u,
    );
    expect(make({ afterWrites: 1, purgeExpiredAfter: false, archive: [] })).not.toThrow();

    const trigger = createMaintenanceTrigger(memory, { afterWrites: 1 });
    expect(() => trigger.recordWrites({} as never)).toThrow(/recordWrites\(\) needs the scope/u);
    expect(() => trigger.recordWrites({ user_id: "alice" } as never)).toThrow(/did you mean userId/u);
    expect(() => trigger.recordWrites(alice, -1)).toThrow(/Invalid argument count/u);
    expect(() => trigger.recordWrites(alice, 0)).not.toThrow();
  });
});
