import { describe, expect, it } from "vitest";
import { testStore } from "./helpers.js";

async function seed() {
  const store = testStore({ index: { fields: ["text"] } });
  await store.batch([
    {
      namespace: ["user1", "food"],
      key: "tea",
      value: { text: "drinks green tea every morning", rating: 5, kind: "drink" },
    },
    {
      namespace: ["user1", "food"],
      key: "pizza",
      value: { text: "orders pizza on fridays", rating: 3, kind: "meal" },
    },
    {
      namespace: ["user1", "travel"],
      key: "kyoto",
      value: { text: "visited kyoto temples in spring", rating: 4, kind: "trip" },
    },
    {
      namespace: ["user10", "food"],
      key: "tea",
      value: { text: "hates green tea", rating: 1, kind: "drink" },
    },
  ]);
  return store;
}

describe("EngramStore: search", () => {
  it("matches namespace prefixes label by label: [user1] never matches [user10]", async () => {
    const store = await seed();
    const keys = (await store.search(["user1"]))
      .map((item) => item.namespace.join("/") + ":" + item.key)
      .sort();
    expect(keys).toEqual(["user1/food:pizza", "user1/food:tea", "user1/travel:kyoto"]);
    expect((await store.search(["user10"])).map((item) => item.value.text)).toEqual(["hates green tea"]);
    expect(await store.search(["user"])).toEqual([]);
    expect((await store.search([])).length).toBe(4);
  });

  it("ranks by the query within the prefix, with scores", async () => {
    const store = await seed();
    const results = await store.search(["user1"], { query: "green tea" });
    expect(results[0]?.key).toBe("tea");
    expect(results[0]?.namespace).toEqual(["user1", "food"]);
    expect(results[0]?.score).toBeGreaterThan(0);
    for (const [index, item] of results.entries()) {
      if (index > 0) expect(item.score!).toBeLessThanOrEqual(results[index - 1]!.score!);
    }
    expect(results.every((item) => item.namespace[0] === "user1")).toBe(true);
  });

  it("filters on value fields with equality and operators, with and without a query", async () => {
    const store = await seed();
    expect((await store.search(["user1"], { filter: { kind: "drink" } })).map((item) => item.key)).toEqual([
      "tea",
    ]);
    const high = await store.search(["user1"], { filter: { rating: { $gte: 4 } } });
    expect(high.map((item) => item.key).sort()).toEqual(["kyoto", "tea"]);
    const notMeal = await store.search(["user1"], {
      query: "tea pizza kyoto",
      filter: { kind: { $ne: "meal" } },
    });
    expect(notMeal.map((item) => item.key).sort()).toEqual(["kyoto", "tea"]);
    const either = await store.search([], { filter: { $or: [{ rating: 1 }, { kind: "trip" }] } });
    expect(either.map((item) => item.value.rating).sort()).toEqual([1, 4]);
    expect(await store.search(["user1"], { filter: { kind: { $in: ["boat"] } } })).toEqual([]);
  });

  it("pages with limit and offset, newest first without a query", async () => {
    const store = await seed();
    const all = await store.search([], { limit: 10 });
    expect(all.map((item) => item.key)).toEqual(["tea", "kyoto", "pizza", "tea"]);
    const pages = [
      ...(await store.search([], { limit: 2, offset: 0 })),
      ...(await store.search([], { limit: 2, offset: 2 })),
    ];
    expect(pages).toEqual(all);
    expect(await store.search([], { limit: 2, offset: 4 })).toEqual([]);
    expect(await store.search([], { limit: 0 })).toEqual([]);
    const ranked = await store.search([], { query: "green tea", limit: 10 });
    expect(await store.search([], { query: "green tea", limit: 1, offset: 1 })).toEqual([ranked[1]]);
  });

  it("embeds only the index fields: the store default, a put's own index, or nothing", async () => {
    const store = testStore({ index: { fields: ["text"] } });
    await store.put(["u"], "a", { text: "sailing boats", note: "zebra" });
    await store.put(["u"], "b", { text: "mountain hiking", note: "sailing" }, ["note"]);
    await store.put(["u"], "c", { text: "sailing sailing", note: "x" }, false);
    const results = await store.search(["u"], { query: "sailing" });
    // a and b are scored; c was stored without an index and comes last, unscored (like InMemoryStore).
    expect(results.map((item) => item.key)).toEqual(expect.arrayContaining(["a", "b"]));
    expect(results.at(-1)).toMatchObject({ key: "c" });
    expect(results.at(-1)?.score).toBeUndefined();
    expect((await store.search(["u"], { query: "zebra" })).map((item) => item.key)).not.toContain("a");
    expect((await store.search(["u"], { query: "mountain hiking" })).map((item) => item.key)).not.toContain(
      "b",
    );
  });

  it("supports LangGraph index path syntax: nested fields, arrays and field sets", async () => {
    const store = testStore();
    await store.put(
      ["u"],
      "doc",
      { meta: { title: "volcano guide" }, chapters: [{ body: "lava flows" }, { body: "ash clouds" }] },
      ["meta.title", "chapters[*].body"],
    );
    await store.put(["u"], "other", { meta: { title: "garden" }, summary: "roses", extra: "ash clouds" }, [
      "{meta.title,summary}",
    ]);
    expect((await store.search(["u"], { query: "ash clouds" }))[0]?.key).toBe("doc");
    expect((await store.search(["u"], { query: "roses" }))[0]?.key).toBe("other");
  });
});

describe("EngramStore: listNamespaces", () => {
  async function seeded() {
    const store = testStore();
    for (const namespace of [
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "x"],
      ["a10", "b"],
      ["z", "b"],
    ]) {
      await store.put(namespace, "k", { n: namespace.length });
    }
    return store;
  }

  it("lists distinct namespaces, sorted label by label", async () => {
    const store = await seeded();
    expect(await store.listNamespaces()).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "x"],
      ["a10", "b"],
      ["z", "b"],
    ]);
  });

  it("filters by prefix (label-wise, with wildcards) and suffix, truncates with maxDepth and pages", async () => {
    const store = await seeded();
    expect(await store.listNamespaces({ prefix: ["a"] })).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a", "x"],
    ]);
    expect(await store.listNamespaces({ prefix: ["*", "b"] })).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
      ["a10", "b"],
      ["z", "b"],
    ]);
    expect(await store.listNamespaces({ suffix: ["b"] })).toEqual([
      ["a10", "b"],
      ["z", "b"],
    ]);
    expect(await store.listNamespaces({ prefix: ["a"], suffix: ["*", "d"] })).toEqual([["a", "b", "d"]]);
    expect(await store.listNamespaces({ maxDepth: 1 })).toEqual([["a"], ["a10"], ["z"]]);
    expect(await store.listNamespaces({ prefix: ["a"], maxDepth: 2 })).toEqual([
      ["a", "b"],
      ["a", "x"],
    ]);
    expect(await store.listNamespaces({ limit: 2, offset: 1 })).toEqual([
      ["a", "b", "d"],
      ["a", "x"],
    ]);
  });

  it("drops namespaces whose items are all deleted", async () => {
    const store = await seeded();
    await store.delete(["a", "x"], "k");
    expect(await store.listNamespaces({ prefix: ["a"] })).toEqual([
      ["a", "b", "c"],
      ["a", "b", "d"],
    ]);
  });
});
