import { expect, it } from "vitest";
import { Memory } from "../memory/memory.js";
import type { MemoryStore } from "../store/memory-store.js";
import { conformanceEmbedder } from "./conformance-context.js";

/** The public Memory API over the store: isolation through every method, history after delete. */
export function memoryApiTests(getStore: () => MemoryStore): void {
  const open = () => new Memory({ store: getStore(), embedder: conformanceEmbedder });

  it("no Memory method reads, changes or deletes another user's memory", async () => {
    const memory = open();
    const [alice] = (await memory.add("Alice's locker code is 4512", { userId: "alice" })).results;
    const [bob] = (await memory.add("Bob's locker code is 9981", { userId: "bob" })).results;
    const asBob = { userId: "bob" };
    expect(await memory.get(alice!.id, asBob)).toBeNull();
    expect((await memory.search("locker code", asBob)).results.map((r) => r.id)).toEqual([bob!.id]);
    expect((await memory.getAll(asBob)).results.map((r) => r.id)).toEqual([bob!.id]);
    await expect(memory.update(alice!.id, { memory: "hijacked" }, asBob)).rejects.toThrow(
      /No memory with id/,
    );
    await expect(memory.delete(alice!.id, asBob)).rejects.toThrow(/No memory with id/);
    expect(await memory.history(alice!.id, asBob)).toEqual([]);
    await memory.deleteAll(asBob);
    expect((await memory.get(alice!.id, { userId: "alice" }))?.memory).toBe("Alice's locker code is 4512");
    expect((await memory.export({ userId: "bob" })).memories).toEqual([]);
  });

  it("metadata cannot set or override scope", async () => {
    const memory = open();
    await expect(memory.add("x", { userId: "alice", metadata: { userId: "bob" } })).rejects.toThrow(
      /scope field/,
    );
    await expect(memory.add("x", { userId: "alice", metadata: { user_id: "bob" } })).rejects.toThrow(
      /scope field/,
    );
    const [item] = (await memory.add("Plays chess", { userId: "alice" })).results;
    await expect(
      memory.update(item!.id, { metadata: { agentId: "evil" } }, { anyScope: true }),
    ).rejects.toThrow(/scope field/);
    expect((await memory.get(item!.id, { anyScope: true }))?.userId).toBe("alice");
    expect((await memory.get(item!.id, { anyScope: true }))?.agentId).toBeUndefined();
  });

  it("toJSON, proxies, getters and __proto__ cannot smuggle a scope field into metadata", async () => {
    const memory = open();
    const alice = { userId: "alice" };
    const [item] = (await memory.add("Plays go", alice)).results;
    class Smuggler {
      toJSON() {
        return { userId: "bob" };
      }
    }
    let reads = 0;
    const shifting = new Proxy({} as Record<string, unknown>, {
      // First read: an innocent key; any later read (a second serialisation) would show userId.
      ownKeys: () => (reads++ === 0 ? ["topic"] : ["userId"]),
      getOwnPropertyDescriptor: (_target, key) => ({
        value: key === "userId" ? "bob" : "games",
        enumerable: true,
        configurable: true,
      }),
      get: (_target, key) => (key === "userId" ? "bob" : key === "topic" ? "games" : undefined),
    });
    const hostile: unknown[] = [
      { toJSON: () => ({ userId: "bob" }) },
      { topic: "x", toJSON: () => ({ agent_id: "evil" }) },
      new Smuggler(),
      JSON.parse('{"__proto__": {"userId": "bob"}}'),
      JSON.parse('{"nested": {"__proto__": {"runId": "r"}}}'),
    ];
    for (const metadata of hostile) {
      await expect(memory.add("Plays chess", { ...alice, metadata } as never)).rejects.toThrow(
        /scope field|__proto__/,
      );
      await expect(memory.update(item!.id, { metadata } as never, alice)).rejects.toThrow(
        /scope field|__proto__/,
      );
    }
    await memory.add("Plays chess", { ...alice, metadata: shifting } as never).catch(() => undefined);
    const stored = (await memory.export(alice)).memories;
    for (const record of stored) {
      expect(record.userId).toBe("alice");
      expect(record.agentId).toBeUndefined();
      for (const key of ["userId", "agentId", "runId", "user_id", "agent_id", "run_id"])
        expect((record.metadata as Record<string, unknown>)[key], key).toBeUndefined();
      expect(Object.getPrototypeOf(record.metadata)).toBe(Object.prototype);
    }
    expect((await memory.getAll({ userId: "bob" })).results).toEqual([]);
  });

  it("keeps history in order, and a delete leaves only content-free entries", async () => {
    const memory = open();
    const [item] = (await memory.add("Drinks tea", { userId: "carol" })).results;
    await memory.update(item!.id, { memory: "Drinks green tea" }, { userId: "carol" });
    const before = await memory.history(item!.id, { userId: "carol" });
    expect(before.map((entry) => [entry.event, entry.previousValue, entry.newValue])).toEqual([
      ["ADD", null, "Drinks tea"],
      ["UPDATE", "Drinks tea", "Drinks green tea"],
    ]);
    await memory.delete(item!.id, { userId: "carol", actor: "privacy-desk" });
    expect(await memory.get(item!.id, { anyScope: true })).toBeNull();
    const history = await memory.history(item!.id, { userId: "carol" });
    expect(history.map((entry) => [entry.event, entry.previousValue, entry.newValue, entry.details])).toEqual(
      [
        ["ADD", null, null, undefined],
        ["UPDATE", null, null, undefined],
        ["DELETE", null, null, undefined],
      ],
    );
    expect(history.slice(0, 2).every((entry) => entry.erased === true)).toBe(true);
    expect(history[2]!.actor).toBe("privacy-desk");
    expect(JSON.stringify(history)).not.toMatch(/tea/);
  });
}
