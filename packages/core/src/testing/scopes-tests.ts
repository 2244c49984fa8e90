import { expect, it } from "vitest";
import { InvalidArgumentError, UnsupportedCapabilityError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import type { MemoryStore, ScopeSummary } from "../store/memory-store.js";
import { conformanceEmbedder, makeRecord } from "./conformance-context.js";

const open = (store: MemoryStore) => new Memory({ store, embedder: conformanceEmbedder });
const brief = (scope: ScopeSummary) => {
  const { counts, ...rest } = scope;
  return { ...rest, total: counts.total, active: counts.active };
};

/** `memory.scopes()`: every stored scope with counts kept on write, filtered and paged. */
export function scopesTests(getStore: () => MemoryStore): void {
  it("lists every stored scope with counts by state that follow writes, deletes and deleteAll", async (test) => {
    const store = getStore();
    const memory = open(store);
    if (!store.scopes) {
      await expect(memory.scopes()).rejects.toThrow(UnsupportedCapabilityError);
      return test.skip();
    }
    await memory.add([{ role: "user", content: "I live in Lisbon" }], { userId: "alice", infer: true });
    await memory.add([{ role: "user", content: "I moved to Porto" }], { userId: "alice", infer: true });
    const [note] = (await memory.add("Likes tea", { userId: "alice", agentId: "a1", runId: "r1" })).results;
    await memory.add("Plays chess", { userId: "bob" });
    const [gone] = (await memory.add("Temporary", { userId: "bob" })).results;
    expect((await memory.scopes()).scopes.map(brief)).toEqual([
      { userId: "alice", total: 2, active: 1 },
      { userId: "alice", agentId: "a1", runId: "r1", total: 1, active: 1 },
      { userId: "bob", total: 2, active: 2 },
    ]);
    const alice = (await memory.scopes({ filter: { userId: "alice" } })).scopes;
    expect(alice[0]!.counts).toMatchObject({ total: 2, active: 1, superseded: 1, pending: 0 });
    await memory.archive(note!.id, { userId: "alice" });
    await memory.delete(gone!.id, { userId: "bob" });
    const after = (await memory.scopes()).scopes;
    expect(after[1]!.counts).toMatchObject({ total: 1, active: 0, archived: 1 });
    expect(after[2]!.counts).toMatchObject({ total: 1, active: 1 });
    await memory.deleteAll({ userId: "bob" });
    expect((await memory.scopes()).scopes.map((scope) => scope.userId)).toEqual(["alice", "alice"]);
  });

  it("counts states that change with time (expiry ahead or past) without a write", async (test) => {
    const store = getStore();
    if (!store.scopes) return test.skip();
    const user = { userId: "timed" };
    await store.write({
      upserts: [
        makeRecord("Parcel came", user, { expiresAt: "2020-01-02T00:00:00.000Z" }),
        makeRecord("Parcel comes", user, { expiresAt: "2999-01-01T00:00:00.000Z" }),
        makeRecord("Old hobby", user, { archivedAt: "2021-01-01T00:00:00.000Z" }),
        makeRecord("Waits for review", user, { pending: true }),
      ],
      deletes: [],
      history: [],
    });
    const [scope] = (await open(store).scopes({ filter: user })).scopes;
    expect(scope!.counts).toEqual({
      total: 4,
      active: 1,
      expired: 1,
      archived: 1,
      pending: 1,
      superseded: 0,
      merged: 0,
    });
  });

  it("pages with a cursor (every scope once) and refuses malformed options", async (test) => {
    const store = getStore();
    const memory = open(store);
    if (!store.scopes) return test.skip();
    for (const userId of ["u1", "u2", "u3", "u4", "u5"]) await memory.add(`Note of ${userId}`, { userId });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await memory.scopes({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.scopes.length).toBeLessThanOrEqual(2);
      seen.push(...page.scopes.map((scope) => scope.userId!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["u1", "u2", "u3", "u4", "u5"]);
    for (const bad of [
      { filter: { user_id: "u1" } },
      { filter: { userId: "" } },
      { filter: { tenant: "x" } },
      { filter: "u1" },
      { limit: 0 },
      { cursor: "not-a-cursor" },
      { userId: "u1" },
    ])
      await expect(memory.scopes(bad as never), JSON.stringify(bad)).rejects.toThrow(InvalidArgumentError);
  });
}
