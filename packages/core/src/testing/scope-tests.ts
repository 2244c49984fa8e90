import { expect, it } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import { listAll, makeHistory, makeRecord, queryFor } from "./conformance-context.js";

/** Store-level isolation: no read, listing, search or history crosses scopes. */
export function scopeTests(getStore: () => MemoryStore): void {
  const seed = async (store: MemoryStore) => {
    const u1 = makeRecord("Favourite colour is green", { userId: "user1", agentId: "shop" });
    const u10 = makeRecord("Favourite colour is green", { userId: "user10", agentId: "shop" });
    const run = makeRecord("Favourite colour is green", { userId: "user1", agentId: "shop", runId: "run-a" });
    const agentOnly = makeRecord("Favourite colour is green", { agentId: "support" });
    await store.write({
      upserts: [u1, u10, run, agentOnly],
      deletes: [],
      history: [u1, u10, run, agentOnly].map((record) => makeHistory(record)),
    });
    return { u1, u10, run, agentOnly };
  };

  it("get drops ids outside the scope", async () => {
    const store = getStore();
    const { u1, u10, run } = await seed(store);
    expect((await store.get([u1.id, u10.id, run.id], { userId: "user1" })).map((r) => r.id).sort()).toEqual(
      [u1.id, run.id].sort(),
    );
    expect(await store.get([u10.id], { userId: "user1" })).toEqual([]);
    expect(await store.get([u1.id], { userId: "user1", runId: "run-a" })).toEqual([]);
    expect(await store.get([u1.id], { agentId: "support" })).toEqual([]);
  });

  it("list and search never return another scope's memories (user1 is not a prefix of user10)", async () => {
    const store = getStore();
    const { u1, run } = await seed(store);
    expect((await listAll(store, { userId: "user1" })).map((r) => r.id).sort()).toEqual(
      [u1.id, run.id].sort(),
    );
    expect(await listAll(store, { userId: "user" })).toEqual([]);
    const candidates = await store.search(queryFor("favourite colour green", { userId: "user1" }));
    expect(candidates.map((c) => c.record.userId)).toEqual(candidates.map(() => "user1"));
    const runOnly = await store.search(queryFor("favourite colour", { runId: "run-a" }));
    expect(runOnly.map((c) => c.record.id)).toEqual([run.id]);
  });

  it("combines scope fields with AND", async () => {
    const store = getStore();
    const { u1, u10, run } = await seed(store);
    expect((await listAll(store, { agentId: "shop" })).map((r) => r.id).sort()).toEqual(
      [u1.id, u10.id, run.id].sort(),
    );
    expect((await listAll(store, { agentId: "shop", userId: "user10" })).map((r) => r.id)).toEqual([u10.id]);
    expect(await listAll(store, { agentId: "support", userId: "user1" })).toEqual([]);
  });

  it("history is scoped too", async () => {
    const store = getStore();
    const { u10 } = await seed(store);
    expect((await store.history({ memoryId: u10.id, scope: { userId: "user1" } })).entries).toEqual([]);
    expect(
      (await store.history({ memoryId: u10.id, scope: { userId: "user10" } })).entries.map((e) => e.event),
    ).toEqual(["ADD"]);
  });
}
