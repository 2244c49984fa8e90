import type { AddResult } from "@engram/core";
import { describe, expect, it } from "vitest";
import { WriteTracker } from "./write-tracker.js";

const alice = { userId: "alice" };
const bob = { userId: "bob" };

function added(memory: string): AddResult {
  return { results: [{ id: `id-${memory}`, memory, event: "ADD" }] };
}

/** A write that finishes when `finish()` is called. */
function heldWrite(result: AddResult) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { write: () => done.then(() => result), finish };
}

describe("WriteTracker", () => {
  it("returns a pending status at once and the outcome once done, in submission order per scope", async () => {
    const tracker = new WriteTracker();
    const order: string[] = [];
    const first = heldWrite(added("first"));
    const a = tracker.submit(alice, () => first.write().finally(() => order.push("first")));
    const b = tracker.submit(alice, async () => {
      order.push("second");
      return added("second");
    });
    expect(a.status).toBe("pending");
    // A bounded wait on a held write comes back still pending.
    expect((await tracker.statuses(alice, [a.writeId], 5))[0]?.status).toBe("pending");
    first.finish();
    const [statusA, statusB] = await tracker.statuses(alice, [a.writeId, b.writeId], 10_000);
    expect(order).toEqual(["first", "second"]);
    expect(statusA).toMatchObject({ status: "done", results: [{ memory: "first", event: "ADD" }] });
    expect(statusB?.finishedAt).toBeDefined();
  });

  it("keeps failures as statuses and tells onError", async () => {
    const errors: unknown[] = [];
    const tracker = new WriteTracker({ onError: (error) => errors.push(error) });
    const failed = tracker.submit(alice, () => Promise.reject(new Error("store is full")));
    await tracker.flush();
    expect((await tracker.statuses(alice, [failed.writeId]))[0]).toMatchObject({
      status: "failed",
      error: "store is full",
    });
    expect(errors).toHaveLength(1);
  });

  it("shows a write only to its own scope", async () => {
    const tracker = new WriteTracker();
    const write = tracker.submit(alice, async () => added("secret"));
    await tracker.flush();
    await expect(tracker.statuses(bob, [write.writeId])).rejects.toThrow(/no write/);
    expect(await tracker.statuses(bob, undefined)).toEqual([]);
    expect((await tracker.statuses(alice, undefined)).map((status) => status.writeId)).toEqual([
      write.writeId,
    ]);
  });

  it("reports a successful add that saved nothing", async () => {
    const tracker = new WriteTracker();
    const write = tracker.submit(alice, async () => ({ results: [] }));
    await tracker.flush();
    expect((await tracker.statuses(alice, [write.writeId]))[0]?.notSaved).toMatch(/Nothing was saved/);
  });

  it("forgets the oldest finished writes and refuses more pending writes than allowed", async () => {
    const tracker = new WriteTracker({ maxFinished: 2, maxPending: 1 });
    const ids: string[] = [];
    for (const text of ["a", "b", "c"]) {
      ids.push(tracker.submit(alice, async () => added(text)).writeId);
      await tracker.flush();
    }
    await expect(tracker.statuses(alice, [ids[0] as string])).rejects.toThrow(/no write/);
    expect(await tracker.statuses(alice, ids.slice(1))).toHaveLength(2);
    const held = heldWrite(added("d"));
    tracker.submit(alice, held.write);
    expect(() => tracker.submit(alice, async () => added("e"))).toThrow(/pending/);
    held.finish();
    await tracker.flush();
  });
});
