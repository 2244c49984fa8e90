import { InvalidArgumentError } from "@engram/core";
import type { Item } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { testMemory, testStore } from "./helpers.js";

describe("EngramStore: items", () => {
  it("round-trips values with their JSON shape, namespace and key", async () => {
    const store = testStore();
    const value = {
      text: "likes green tea",
      tags: ["drinks", "tea"],
      nested: { level: 2, ok: true, none: null },
    };
    await store.put(["alice", "memories"], "tea", value);
    const item = await store.get(["alice", "memories"], "tea");
    expect(item).toMatchObject({ namespace: ["alice", "memories"], key: "tea", value });
    expect(item?.createdAt).toBeInstanceOf(Date);
    expect(await store.get(["alice", "memories"], "coffee")).toBeNull();
    expect(await store.get(["alice"], "tea")).toBeNull();
    expect(await store.get(["alice", "memories", "x"], "tea")).toBeNull();
  });

  it("replaces a value in place, keeping createdAt and moving updatedAt", async () => {
    const store = testStore();
    await store.put(["alice"], "diet", { text: "eats meat" });
    const before = await store.get(["alice"], "diet");
    await store.put(["alice"], "diet", { text: "vegetarian now", since: 2024 });
    const after = await store.get(["alice"], "diet");
    expect(after?.value).toEqual({ text: "vegetarian now", since: 2024 });
    expect(after?.createdAt.getTime()).toBe(before?.createdAt.getTime());
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(await store.search(["alice"])).toHaveLength(1);
  });

  it("deletes with delete() and with a null put, leaving other keys alone", async () => {
    const store = testStore();
    await store.batch([
      { namespace: ["bob"], key: "a", value: { n: 1 } },
      { namespace: ["bob"], key: "b", value: { n: 2 } },
      { namespace: ["bob"], key: "c", value: { n: 3 } },
    ]);
    await store.delete(["bob"], "a");
    await store.batch([{ namespace: ["bob"], key: "b", value: null }]);
    expect(await store.get(["bob"], "a")).toBeNull();
    expect(await store.get(["bob"], "b")).toBeNull();
    expect((await store.get(["bob"], "c"))?.value).toEqual({ n: 3 });
    await store.delete(["bob"], "missing");
  });

  it("keeps items with identical values under different keys apart", async () => {
    const store = testStore();
    await store.put(["carol"], "one", { text: "same words" });
    await store.put(["carol"], "two", { text: "same words" });
    await store.put(["carol", "sub"], "one", { text: "same words" });
    expect(
      (await store.search(["carol"])).map((item) => `${item.namespace.join("/")}:${item.key}`).sort(),
    ).toEqual(["carol/sub:one", "carol:one", "carol:two"]);
    await store.delete(["carol"], "one");
    expect((await store.get(["carol"], "two"))?.value).toEqual({ text: "same words" });
  });

  it("applies the reads of a batch before its puts, and the last put of a key wins", async () => {
    const store = testStore();
    await store.put(["dave"], "k", { v: "old" });
    const results: unknown[] = await store.batch([
      { namespace: ["dave"], key: "k" },
      { namespace: ["dave"], key: "k", value: { v: "first" } },
      { namespace: ["dave"], key: "k", value: { v: "second" } },
      { namespacePrefix: ["dave"], limit: 10, offset: 0 },
    ]);
    const [read, , , after] = results as [Item, undefined, undefined, Item[]];
    expect(read.value).toEqual({ v: "old" });
    expect(after.map((item) => item.value)).toEqual([{ v: "old" }]);
    expect((await store.get(["dave"], "k"))?.value).toEqual({ v: "second" });
  });

  it("keeps one item per key when puts of the same key race", async () => {
    const store = testStore();
    await Promise.all(Array.from({ length: 8 }, (_, n) => store.put(["eve"], "k", { n })));
    const items = await store.search(["eve"], { limit: 50 });
    expect(items).toHaveLength(1);
    expect(items[0]?.value).toEqual({ n: 7 });
  });
});

describe("EngramStore: validation inside batch()", () => {
  const store = testStore();
  const cases: Array<[string, unknown]> = [
    ["empty namespace", { namespace: [], key: "k", value: { a: 1 } }],
    ["empty label", { namespace: ["a", ""], key: "k", value: { a: 1 } }],
    ["dotted label", { namespace: ["a.b"], key: "k", value: { a: 1 } }],
    ["reserved root", { namespace: ["langgraph", "x"], key: "k", value: { a: 1 } }],
    ["non-string label", { namespace: ["a", 3], key: "k", value: { a: 1 } }],
    ["array value", { namespace: ["a"], key: "k", value: [1, 2] }],
    ["empty key", { namespace: ["a"], key: "", value: { a: 1 } }],
    ["bad index", { namespace: ["a"], key: "k", value: { a: 1 }, index: "text" }],
    ["negative limit", { namespacePrefix: ["a"], limit: -1, offset: 0 }],
    ["fractional offset", { namespacePrefix: ["a"], limit: 1, offset: 0.5 }],
    ["dotted prefix", { namespacePrefix: ["a.b"], limit: 1, offset: 0 }],
    ["bad match type", { matchConditions: [{ matchType: "infix", path: ["a"] }], limit: 1, offset: 0 }],
    ["zero maxDepth", { maxDepth: 0, limit: 1, offset: 0 }],
    ["unknown operation", { hello: "world" }],
  ];
  it.each(cases)("rejects %s with an InvalidArgumentError", async (_name, operation) => {
    const error = await store.batch([operation as never]).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/operations\[0\]/);
  });

  it("writes nothing when any operation of the batch is invalid", async () => {
    const fresh = testStore();
    await expect(
      fresh.batch([
        { namespace: ["ok"], key: "k", value: { a: 1 } },
        { namespace: ["langgraph"], key: "k", value: { a: 1 } },
      ]),
    ).rejects.toThrow(/reserved by LangGraph/);
    expect(await fresh.get(["ok"], "k")).toBeNull();
  });

  it("rejects filters with unknown logical operators", async () => {
    await expect(store.search(["a"], { filter: { $xor: [] } })).rejects.toThrow(/unknown logical operator/);
  });
});

describe("EngramStore: scope mapping", () => {
  it("maps the first label to userId by default, under a fixed agentId", async () => {
    const memory = testMemory();
    const store = testStore({}, memory);
    await store.put(["alice", "prefs"], "food", { text: "loves ramen" });
    await store.put(["bob", "prefs"], "food", { text: "loves pizza" });
    const alice = await memory.getAll({ userId: "alice" });
    expect(alice.results.map((item) => [item.userId, item.agentId, item.memory])).toEqual([
      ["alice", "langgraph-store", '{\n  "text": "loves ramen"\n}'],
    ]);
    const found = await memory.search("ramen pizza", { userId: "bob" });
    expect(found.results.map((item) => item.userId)).toEqual(["bob"]);
    expect(store.scopeMapping).toEqual({
      namespaceScope: { userId: 0 },
      storeScope: { agentId: "langgraph-store" },
    });
  });

  it("follows a custom mapping, and prefixes shorter than the mapping still find everything", async () => {
    const memory = testMemory();
    const store = testStore({ namespaceScope: { userId: 1, runId: 2 } }, memory);
    await store.put(["memories", "alice", "thread-1"], "a", { text: "alpha" });
    await store.put(["memories", "alice", "thread-2"], "b", { text: "beta" });
    await store.put(["memories", "bob", "thread-1"], "c", { text: "gamma" });
    const [item] = (await memory.getAll({ userId: "alice", runId: "thread-2" })).results;
    expect(item?.memory).toContain("beta");
    expect((await store.search(["memories"])).map((found) => found.key).sort()).toEqual(["a", "b", "c"]);
    expect((await store.search(["memories", "alice"])).map((found) => found.key).sort()).toEqual(["a", "b"]);
  });

  it("refuses a scope field set both by namespaceScope and storeScope, and prefixes that map to no scope", async () => {
    expect(() => testStore({ namespaceScope: { agentId: 0 }, storeScope: { agentId: "x" } })).toThrow(
      /already taken/,
    );
    expect(() => testStore({ namespaceScope: { user: 0 } as never })).toThrow(/unknown scope field/);
    const store = testStore({ storeScope: {} });
    await store.put(["alice"], "k", { a: 1 });
    await expect(store.search([])).rejects.toThrow(/maps to no Engram scope/);
    expect(await store.search(["alice"])).toHaveLength(1);
  });
});
