import { expect, it } from "vitest";
import { Memory } from "../memory/memory.js";
import type { MemoryStore } from "../store/memory-store.js";
import { conformanceEmbedder, type MemoryStoreTestOptions } from "./conformance-context.js";

/** Where a byte sequence occurs in the store's bytes (-1: nowhere). */
const find = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).indexOf(Buffer.from(needle));
const utf8 = (text: string) => new TextEncoder().encode(text);
/** The whole vector (a window of a sparse one could be all zeros, found anywhere). */
const vectorBytes = (vector: Float32Array) =>
  new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);

/** Forget means forget, through the public API: delete, deleteAll, redaction, export and the access log. */
export function erasureApiTests(
  getStore: () => MemoryStore,
  options: Pick<MemoryStoreTestOptions, "storedBytes"> = {},
): void {
  const open = (options: { accessLog?: boolean } = {}) =>
    new Memory({ store: getStore(), embedder: conformanceEmbedder, ...options });

  it("deleteAll forgets a user: memories, superseded ones, every history text; export shows only tombstones", async () => {
    const memory = open();
    const bob = { userId: "bob" };
    const [ssn] = (await memory.add("My SSN is 078-05-1120", { ...bob, metadata: { kind: "ssn-note" } }))
      .results;
    await memory.update(ssn!.id, { memory: "My SSN is 078-05-1120 (verified)" }, bob);
    await memory.add([{ role: "user", content: "I live in Lisbon" }], { ...bob, infer: true });
    await memory.add([{ role: "user", content: "I moved to Porto" }], { ...bob, infer: true, runId: "t2" });
    const [carol] = (await memory.add("Carol's SSN is 111-22-3333", { userId: "carol" })).results;
    const result = await memory.deleteAll(bob);
    expect(result.deleted).toBeGreaterThanOrEqual(3);
    const exported = await memory.export(bob);
    expect(exported.memories).toEqual([]);
    expect(exported.history.length).toBeGreaterThanOrEqual(5);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/078-05|Lisbon|Porto|ssn-note/);
    expect(exported.history.every((entry) => entry.previousValue === null && entry.newValue === null)).toBe(
      true,
    );
    expect(await memory.history(ssn!.id, bob)).toHaveLength(3); // ADD, UPDATE, DELETE: content-free
    expect((await memory.get(carol!.id, { userId: "carol" }))?.memory).toBe("Carol's SSN is 111-22-3333");
    expect((await memory.history(carol!.id, { userId: "carol" }))[0]!.newValue).toContain("111-22-3333");
  });

  it("export returns everything held about a scope: past memories and every history entry", async () => {
    const memory = open();
    const dana = { userId: "dana" };
    await memory.add([{ role: "user", content: "I live in Lisbon" }], { ...dana, infer: true });
    await memory.add([{ role: "user", content: "I moved to Porto" }], { ...dana, infer: true });
    const [gone] = (await memory.add("Temporary note", dana)).results;
    await memory.delete(gone!.id, dana);
    const exported = await memory.export(dana);
    expect(exported.memories.map((item) => item.memory).sort()).toEqual([
      "Lives in Lisbon",
      "Lives in Porto",
    ]);
    expect(exported.history.map((entry) => entry.event)).toEqual([
      "ADD",
      "ADD",
      "SUPERSEDE",
      "ADD",
      "DELETE",
    ]);
    expect(
      exported.history.find((entry) => entry.memoryId === gone!.id && entry.event === "ADD")?.erased,
    ).toBe(true);
  });

  it("update with redact replaces the text everywhere, history included", async () => {
    const memory = open();
    const eve = { userId: "eve" };
    const [item] = (await memory.add("Email me at eve@example.com", eve)).results;
    await memory.update(item!.id, { memory: "Email me at [redacted]" }, { ...eve, redact: true });
    const history = await memory.history(item!.id, eve);
    expect(JSON.stringify(history)).not.toContain("eve@example.com");
    expect(history.map((entry) => [entry.event, entry.newValue])).toEqual([
      ["ADD", null],
      ["UPDATE", "Email me at [redacted]"],
    ]);
    expect((await memory.get(item!.id, eve))?.version).toBe(2);
    expect((await memory.search("email", eve)).results[0]!.memory).toBe("Email me at [redacted]");
  });

  it.skipIf(!options.storedBytes)(
    "leaves no byte of forgotten content (texts, metadata, vectors, queries) in what the store holds",
    async () => {
      const store = getStore();
      const memory = open({ accessLog: Boolean(store.appendAccessLog) });
      const tag = Math.random().toString(36).slice(2, 10);
      const zed = { userId: `zed-${tag}` };
      const texts = {
        deletedAll: `Zed passport number PX${tag}A1`,
        updated: `Zed card ending ${tag}B2`,
        deleted: `Zed diary entry ${tag}C3`,
        redacted: `Zed phone is ${tag}D4`,
        kept: `Yan keeps note ${tag}E5`,
      };
      const [first] = (await memory.add(texts.deletedAll, { ...zed, metadata: { secret: `meta-${tag}F6` } }))
        .results;
      const [second] = (await memory.add(`Zed card ${tag}`, zed)).results;
      await memory.update(second!.id, { memory: texts.updated }, zed);
      const [third] = (await memory.add(texts.deleted, { userId: "yan" })).results;
      const [fourth] = (await memory.add(texts.redacted, { userId: "yan" })).results;
      await memory.add(texts.kept, { userId: "yan" });
      await memory.search(`query-${tag}G7`, zed);
      const vectors = (await store.get([first!.id, third!.id, fourth!.id], null)).map((record) =>
        vectorBytes(record.embedding),
      );
      // The grep can fail: before erasure, the store holds every one of these.
      const before = await options.storedBytes!(store);
      for (const text of Object.values(texts))
        expect(find(before, utf8(text)), text).toBeGreaterThanOrEqual(0);
      for (const [index, vector] of vectors.entries())
        expect(find(before, vector), `vector ${index}`).toBeGreaterThanOrEqual(0);

      await memory.deleteAll(zed);
      await memory.delete(third!.id, { userId: "yan" });
      await memory.update(fourth!.id, { memory: "Zed phone is [redacted]" }, { userId: "yan", redact: true });
      const after = await options.storedBytes!(store);
      for (const text of [texts.deletedAll, texts.updated, `Zed card ${tag}`, texts.deleted, texts.redacted])
        expect(find(after, utf8(text)), text).toBe(-1);
      expect(find(after, utf8(`meta-${tag}F6`)), "metadata").toBe(-1);
      expect(find(after, utf8(`query-${tag}G7`)), "search query").toBe(-1);
      for (const [index, vector] of vectors.entries())
        expect(find(after, vector), `vector ${index}`).toBe(-1);
      expect(find(after, utf8(texts.kept))).toBeGreaterThanOrEqual(0);
    },
  );

  it("records reads in the access log when asked, scoped, and erases them with the scope", async () => {
    const store = getStore();
    if (!store.appendAccessLog) {
      // A store without an access log refuses the option clearly instead of auditing nothing.
      await expect(open({ accessLog: true }).accessLog({ userId: "ann" })).rejects.toThrow(/access log/u);
      return;
    }
    const memory = open({ accessLog: true });
    const [tea] = (await memory.add("Likes tea", { userId: "ann" })).results;
    await memory.search("tea", { userId: "ann", actor: "agent:barista" });
    await memory.get(tea!.id, { userId: "ann" });
    await memory.buildContext("likes tea", { userId: "ann", tokenBudget: 200 });
    await memory.search("tea", { userId: "ben" });
    const log = await memory.accessLog({ userId: "ann" });
    expect(log.entries.map((entry) => [entry.operation, entry.memoryIds])).toEqual([
      ["search", [tea!.id]],
      ["get", [tea!.id]],
      ["buildContext", [tea!.id]],
    ]);
    expect(log.entries[0]).toMatchObject({ actor: "agent:barista", query: "tea", userId: "ann" });
    expect((await memory.accessLog({ userId: "ben" })).entries).toHaveLength(1);
    const page = await memory.accessLog({ userId: "ann" }, { limit: 2 });
    expect(page.entries).toHaveLength(2);
    expect((await memory.accessLog({ userId: "ann" }, { cursor: page.nextCursor! })).entries).toHaveLength(1);
    await memory.deleteAll({ userId: "ann" });
    expect((await memory.accessLog({ userId: "ann" })).entries).toEqual([]);
    expect((await memory.accessLog({ userId: "ben" })).entries).toHaveLength(1);
  });
}
