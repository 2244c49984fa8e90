import { expect, it } from "vitest";
import type { Embedder } from "../embedders/embedder.js";
import { VersionConflictError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { MockChatModel } from "../models/mock-chat-model.js";
import type { MemoryStore } from "../store/memory-store.js";
import { conformanceEmbedder } from "./conformance-context.js";

/** An embedder whose calls wait until `parties` calls are waiting, so concurrent writes read the same version. */
function barrierEmbedder(parties: number): Embedder {
  let waiting: Array<() => void> = [];
  let calls = 0;
  return {
    ...conformanceEmbedder,
    async embed(texts) {
      // Only the first `parties` calls meet at the barrier; retries after a conflict pass straight through.
      if (++calls > parties) return conformanceEmbedder.embed(texts);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= parties) {
          for (const release of waiting) release();
          waiting = [];
        }
      });
      return conformanceEmbedder.embed(texts);
    },
  };
}

/** A model whose answer waits for `release()`: the test acts while an inferring add is in flight. */
function gatedModel(answer: string) {
  let release!: () => void;
  let called!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started = new Promise<void>((resolve) => {
    called = resolve;
  });
  const model = new MockChatModel({
    generate: async () => {
      called();
      await gate;
      return answer;
    },
  });
  return { model, release, started };
}

const updateFirst = JSON.stringify({
  operations: [
    { event: "UPDATE", text: "Lives in Lisbon, near the river", type: "fact", target: 1, supersedes: null },
  ],
});

/** Concurrent writers through the public API: no lost update, no resurrection, a true "before" in history. */
export function concurrencyApiTests(getStore: () => MemoryStore): void {
  it("two concurrent updates without expectedVersion both land, in order, with a true history", async () => {
    const setup = new Memory({ store: getStore(), embedder: conformanceEmbedder });
    const [item] = (await setup.add("Drinks tea", { userId: "u" })).results;
    const memory = new Memory({ store: getStore(), embedder: barrierEmbedder(2) });
    const [a, b] = await Promise.all([
      memory.update(item!.id, { memory: "Drinks green tea" }, { userId: "u" }),
      memory.update(item!.id, { memory: "Drinks black tea" }, { userId: "u" }),
    ]);
    const final = await setup.get(item!.id, { userId: "u" });
    expect(final!.version).toBe(3);
    expect([a.memory, b.memory]).toContain(final!.memory);
    const updates = (await setup.history(item!.id, { userId: "u" })).filter(
      (entry) => entry.event === "UPDATE",
    );
    expect(updates).toHaveLength(2);
    expect(updates[0]!.previousValue).toBe("Drinks tea");
    expect(updates[1]!.previousValue).toBe(updates[0]!.newValue);
    expect(updates[1]!.newValue).toBe(final!.memory);
  });

  it("with expectedVersion exactly one of two concurrent updates wins; the other gets a VersionConflictError", async () => {
    const setup = new Memory({ store: getStore(), embedder: conformanceEmbedder });
    const [item] = (await setup.add("Drinks tea", { userId: "u" })).results;
    const memory = new Memory({ store: getStore(), embedder: barrierEmbedder(2) });
    const outcomes = await Promise.allSettled(
      ["Drinks green tea", "Drinks black tea"].map((text) =>
        memory.update(item!.id, { memory: text }, { userId: "u", expectedVersion: 1 }),
      ),
    );
    const failed = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(failed).toHaveLength(1);
    const error = (failed[0] as PromiseRejectedResult).reason;
    expect(VersionConflictError.isInstance(error)).toBe(true);
    expect((error as VersionConflictError).currentVersion).toBe(2);
    expect((await setup.get(item!.id, { userId: "u" }))!.version).toBe(2);
    const stale = memory.delete(item!.id, { userId: "u", expectedVersion: 1 });
    await expect(stale).rejects.toSatisfy((caught) => VersionConflictError.isInstance(caught));
    expect(await setup.get(item!.id, { userId: "u" })).not.toBeNull();
  });

  it("a delete that lands while an inferring add waits for its model is never undone", async () => {
    const plain = new Memory({ store: getStore(), embedder: conformanceEmbedder });
    const [lisbon] = (await plain.add("Lives in Lisbon", { userId: "u" })).results;
    const { model, release, started } = gatedModel(updateFirst);
    const inferring = new Memory({ store: getStore(), embedder: conformanceEmbedder, llm: model });
    const pending = inferring.add([{ role: "user", content: "I live near the river in Lisbon" }], {
      userId: "u",
      infer: true,
    });
    await started;
    await plain.delete(lisbon!.id, { userId: "u" });
    release();
    const result = await pending;
    expect(result.results).toEqual([]);
    expect(result.skipped?.map((skip) => [skip.reason, skip.event])).toEqual([["conflict", "UPDATE"]]);
    expect(await plain.get(lisbon!.id, { anyScope: true })).toBeNull();
    expect((await plain.getAll({ userId: "u", includeInvalid: true })).results).toEqual([]);
  });

  it("deleteAll racing an inferring add leaves nothing of what it deleted", async () => {
    const plain = new Memory({ store: getStore(), embedder: conformanceEmbedder });
    await plain.add("Lives in Lisbon", { userId: "u" });
    const { model, release, started } = gatedModel(updateFirst);
    const inferring = new Memory({ store: getStore(), embedder: conformanceEmbedder, llm: model });
    const pending = inferring.add([{ role: "user", content: "I live near the river" }], {
      userId: "u",
      infer: true,
    });
    await started;
    await plain.deleteAll({ userId: "u" });
    release();
    await pending;
    expect((await plain.getAll({ userId: "u", includeInvalid: true })).results).toEqual([]);
  });

  it("concurrent identical adds store one memory (the store refuses the duplicate key)", async () => {
    const memory = new Memory({ store: getStore(), embedder: barrierEmbedder(4) });
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        memory.add("Allergic to peanuts", { userId: "u", runId: `t${index}` }),
      ),
    );
    const events = outcomes.map((outcome) => outcome.results[0]!.event).sort();
    expect(events).toEqual(["ADD", "NONE", "NONE", "NONE"]);
    const ids = new Set(outcomes.map((outcome) => outcome.results[0]!.id));
    expect(ids.size).toBe(1);
    expect((await memory.getAll({ userId: "u" })).results).toHaveLength(1);
  });
}
