import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import {
  EmbedderMismatchError,
  InvalidArgumentError,
  MemoryNotFoundError,
  StoreError,
} from "../errors/index.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import { Memory } from "./memory.js";

const embedder = createHashingEmbedder({ dimensions: 128 });
const open = (store: MemoryStore = createInMemoryStore()) => new Memory({ store, embedder });

describe("scope is required", () => {
  it.each([
    ["add", (m: Memory) => m.add("hello", {} as never)],
    ["search", (m: Memory) => m.search("hello", {} as never)],
    ["getAll", (m: Memory) => m.getAll({} as never)],
    ["deleteAll", (m: Memory) => m.deleteAll({} as never)],
    ["export", (m: Memory) => m.export({} as never)],
  ])("%s without userId/agentId/runId fails with a clear error", async (method, call) => {
    const error = await call(open()).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`${method}\\(\\) needs a scope: pass at least one of userId, agentId or runId`),
    );
  });

  it("rejects empty or non-string scope values", async () => {
    await expect(open().add("x", { userId: "" })).rejects.toThrow(
      /options.userId: expected a non-empty string/,
    );
    await expect(open().add("x", { userId: 42 as unknown as string })).rejects.toThrow(/options.userId/);
  });
});

describe("bad input gets a clear error and stores nothing", () => {
  it.each([
    ["empty text", (m: Memory) => m.add("   ", { userId: "u" }), /text is empty/],
    [
      "not messages",
      (m: Memory) => m.add({ text: "x" } as unknown as string, { userId: "u" }),
      /string or an array of chat messages/,
    ],
    [
      "message without role",
      (m: Memory) => m.add([{ content: "x" }] as never, { userId: "u" }),
      /messages\[0\]: expected \{ role, content \}/,
    ],
    [
      "bad content",
      (m: Memory) => m.add([{ role: "user", content: 5 }] as never, { userId: "u" }),
      /messages\[0\].content/,
    ],
    ["bad type", (m: Memory) => m.add("x", { userId: "u", type: "Not A Type" }), /options.type/],
    [
      "metadata not an object",
      (m: Memory) => m.add("x", { userId: "u", metadata: [] as never }),
      /options.metadata/,
    ],
    ["empty query", (m: Memory) => m.search("", { userId: "u" }), /query: expected a non-empty string/],
    [
      "limit 0",
      (m: Memory) => m.search("x", { userId: "u", limit: 0 }),
      /options.limit: expected a whole number/,
    ],
    [
      "threshold NaN",
      (m: Memory) => m.search("x", { userId: "u", threshold: Number.NaN }),
      /options.threshold/,
    ],
    [
      "unknown operator",
      (m: Memory) => m.search("x", { userId: "u", filters: { a: { $regex: "x" } } as never }),
      /options.filters.a.\$regex: unknown operator/,
    ],
    [
      "scope inside filters",
      (m: Memory) => m.getAll({ userId: "u", filters: { user_id: "v" } }),
      /scope is not a filter/,
    ],
    [
      "bad cursor",
      (m: Memory) => m.getAll({ userId: "u", cursor: "nonsense" }),
      /options.cursor: not a cursor/,
    ],
    ["bad asOf", (m: Memory) => m.search("x", { userId: "u", asOf: "yesterday-ish" }), /options.asOf/],
    ["empty id", (m: Memory) => m.get("", { anyScope: true }), /Invalid argument id/],
    [
      "empty update text",
      (m: Memory) => m.update("id", { memory: " " }, { anyScope: true }),
      /No memory with id|changes.memory/,
    ],
  ])("%s", async (_title, call, message) => {
    const store = createInMemoryStore();
    const memory = open(store);
    await expect(call(memory)).rejects.toThrow(message);
    expect((await store.list({ scope: null, limit: 10 })).records).toEqual([]);
  });

  it("by-id writes of unknown ids fail with MemoryNotFoundError", async () => {
    const memory = open();
    const error = await memory
      .update("missing", { memory: "x" }, { anyScope: true })
      .catch((caught: unknown) => caught);
    expect(MemoryNotFoundError.isInstance(error)).toBe(true);
    await expect(memory.delete("missing", { userId: "u" })).rejects.toThrow(
      /No memory with id "missing" in the given scope/,
    );
  });
});

describe("add without inference", () => {
  it("stores one memory per message, keeps roles and ids as sources, skips system and tool messages", async () => {
    const memory = open();
    const { results } = await memory.add(
      [
        { role: "system", content: "You are helpful." },
        { role: "user", content: "I live in Lisbon.", id: "D1:1" },
        { role: "assistant", content: [{ type: "text", text: "Nice city!" }], id: "D1:2" },
        { role: "tool", content: "{}" },
        { role: "user", content: "   " },
      ],
      { userId: "dana", metadata: { session: 1 } },
    );
    expect(results.map((result) => [result.event, result.memory])).toEqual([
      ["ADD", "I live in Lisbon."],
      ["ADD", "Nice city!"],
    ]);
    const stored = await memory.get(results[0]!.id, { userId: "dana" });
    expect(stored).toMatchObject({
      userId: "dana",
      type: "fact",
      metadata: { session: 1 },
      sources: [{ role: "user", messageId: "D1:1" }],
    });
    expect(stored!.validTo).toBeNull();
    expect((await memory.get(results[1]!.id, { anyScope: true }))!.sources).toEqual([
      { role: "assistant", messageId: "D1:2" },
    ]);
  });

  it("does not store an exact duplicate twice for one user (any run), but does for another user", async () => {
    const memory = open();
    const [first] = (await memory.add("Likes jazz", { userId: "a" })).results;
    const again = await memory.add(
      ["Likes  JAZZ ", "Likes jazz"].map((content) => ({ role: "user", content })),
      { userId: "a" },
    );
    expect(again.results).toEqual([{ id: first!.id, memory: "Likes jazz", event: "NONE" }]);
    // One truth per user: the same fact told in a thread is already known.
    expect((await memory.add("Likes jazz", { userId: "a", runId: "r1" })).results[0]).toMatchObject({
      event: "NONE",
      id: first!.id,
    });
    expect((await memory.add("Likes jazz", { userId: "b" })).results[0]!.event).toBe("ADD");
    expect((await memory.getAll({ userId: "a" })).results).toHaveLength(1);
    // Exact-scope reconciliation, when configured, stores it once per run.
    const perScope = new Memory({ store: createInMemoryStore(), embedder, reconciliation: "scope" });
    await perScope.add("Likes jazz", { userId: "a" });
    expect((await perScope.add("Likes jazz", { userId: "a", runId: "r1" })).results[0]!.event).toBe("ADD");
  });

  it("indexes each message with its preceding messages when contextWindow is set", async () => {
    const memory = open();
    const { results } = await memory.add(
      [
        { role: "user", content: "Did you ever try rock climbing?", id: "D1:1" },
        { role: "assistant", content: "Yes, twice a week at the gym.", id: "D1:2" },
        { role: "user", content: "Nice, I prefer hiking.", id: "D1:3" },
      ],
      { userId: "c", contextWindow: 1 },
    );
    const answer = (await memory.get(results[1]!.id, { anyScope: true }))!;
    expect(answer).toMatchObject({
      memory: "Yes, twice a week at the gym.",
      context: "Did you ever try rock climbing?",
      sources: [{ role: "assistant", messageId: "D1:2" }],
    });
    expect((await memory.get(results[0]!.id, { anyScope: true }))!.context).toBeUndefined();
    const found = await memory.search("climbing", { userId: "c", explain: true });
    expect(found.results.map((item) => item.memory)).toEqual([
      "Did you ever try rock climbing?",
      "Yes, twice a week at the gym.",
    ]);
    expect(found.results[1]!.explanation!.matchedTerms).toEqual(["climb"]);
    // A message array gets context by default (context-window.test.ts); 0 turns it off.
    const plain = open();
    await plain.add(
      [
        { role: "user", content: "Did you ever try rock climbing?" },
        { role: "assistant", content: "Yes, twice a week at the gym." },
      ],
      { userId: "c", contextWindow: 0 },
    );
    expect((await plain.search("climbing", { userId: "c" })).results.map((item) => item.memory)).toEqual([
      "Did you ever try rock climbing?",
    ]);
    await expect(memory.add("x", { userId: "c", contextWindow: -1 })).rejects.toThrow(
      /options.contextWindow/,
    );
  });

  it("checks all messages of one add for duplicates with a single store query", async () => {
    const inner = createInMemoryStore();
    let lists = 0;
    const counting: MemoryStore = {
      ...inner,
      list(options) {
        lists++;
        return inner.list(options);
      },
    };
    const memory = open(counting);
    await memory.add("Message 3", { userId: "q" });
    lists = 0;
    const messages = Array.from({ length: 40 }, (_, index) => ({
      role: "user",
      content: `Message ${index}`,
    }));
    const { results } = await memory.add(messages, { userId: "q" });
    expect(lists).toBe(1);
    expect(results.filter((result) => result.event === "NONE").map((result) => result.memory)).toEqual([
      "Message 3",
    ]);
    expect(results.filter((result) => result.event === "ADD")).toHaveLength(39);
  });

  it("stores duplicates when deduplicate is false, and rejects a non-boolean", async () => {
    const memory = open();
    await memory.add("Likes jazz", { userId: "k" });
    const again = await memory.add(
      [
        { role: "user", content: "Likes jazz" },
        { role: "user", content: "Likes jazz" },
      ],
      { userId: "k", deduplicate: false },
    );
    expect(again.results.map((result) => result.event)).toEqual(["ADD", "ADD"]);
    expect((await memory.getAll({ userId: "k" })).results).toHaveLength(3);
    await expect(memory.add("x", { userId: "k", deduplicate: "no" as never })).rejects.toThrow(
      /options.deduplicate/,
    );
  });
});

describe("search", () => {
  const seed = async () => {
    const memory = open();
    await memory.add("Allergic to peanuts and shellfish", { userId: "u", type: "fact" });
    await memory.add("Prefers answers in bullet points", { userId: "u", type: "preference" });
    await memory.add("Is migrating the billing service this week", {
      userId: "u",
      type: "task_state",
      metadata: { project: "billing" },
    });
    await memory.add("Allergic to cats", { userId: "other" });
    return memory;
  };

  it("ranks relevant memories first and explains the score", async () => {
    const memory = await seed();
    const { results } = await memory.search("what is the user allergic to?", { userId: "u", explain: true });
    expect(results[0]!.memory).toBe("Allergic to peanuts and shellfish");
    const explanation = results[0]!.explanation!;
    expect(explanation.matchedTerms).toEqual(["allerg"]);
    expect(explanation.keyword).toBeGreaterThan(0);
    expect(explanation.relevance).toBeCloseTo(
      explanation.weights.vector * explanation.vector + explanation.weights.keyword * explanation.keyword,
      10,
    );
    expect(explanation.score).toBeCloseTo(
      explanation.relevance * explanation.recency * explanation.typeWeight,
      10,
    );
    expect(results[0]!.score).toBe(explanation.score);
    expect(results.every((result) => result.userId === "u")).toBe(true);
  });

  it("filters by type and metadata, honours limit and threshold", async () => {
    const memory = await seed();
    expect(
      (await memory.search("billing", { userId: "u", types: ["task_state"] })).results.map((r) => r.type),
    ).toEqual(["task_state"]);
    expect(
      (
        await memory.search("what is the user working on this week?", {
          userId: "u",
          filters: { project: "billing" },
        })
      ).results,
    ).toHaveLength(1);
    expect((await memory.search("allergic bullet billing", { userId: "u", limit: 2 })).results).toHaveLength(
      2,
    );
    const all = (await memory.search("allergic", { userId: "u" })).results;
    const high = (await memory.search("allergic", { userId: "u", threshold: all[0]!.score })).results;
    expect(high.map((r) => r.id)).toEqual([all[0]!.id]);
  });

  it("applies type weights and recency decay from the retrieval options", async () => {
    const clock = { now: new Date("2025-01-01T00:00:00Z") };
    const store = createInMemoryStore();
    const options = { store, embedder, _internal: { now: () => clock.now } };
    const writer = new Memory(options);
    await writer.add("Coffee order is a flat white", { userId: "u", type: "fact" });
    clock.now = new Date("2025-03-01T00:00:00Z");
    await writer.add("Coffee order is a cortado", { userId: "u", type: "preference" });
    const plain = (await writer.search("coffee order", { userId: "u", explain: true })).results;
    expect(plain.map((r) => r.explanation!.recency)).toEqual([1, 1]);
    const tuned = new Memory({
      ...options,
      retrieval: { recency: { halfLifeDays: 30, weight: 0.5 }, typeWeights: { fact: 2 } },
    });
    const results = (await tuned.search("coffee order", { userId: "u", explain: true })).results;
    const fact = results.find((r) => r.type === "fact")!;
    const preference = results.find((r) => r.type === "preference")!;
    expect(fact.explanation!.typeWeight).toBe(2);
    expect(preference.explanation!.recency).toBe(1);
    expect(fact.explanation!.recency).toBeCloseTo(0.5 + 0.5 * 2 ** (-59 / 30), 6);
  });
});

describe("getAll, update, delete, deleteAll, export, reset", () => {
  it("pages with cursors", async () => {
    let tick = 0;
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder,
      _internal: { now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)) },
    });
    for (let index = 0; index < 7; index++) await memory.add(`note ${index}`, { userId: "p" });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await memory.getAll({ userId: "p", limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.results.map((r) => r.memory));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((n) => `note ${n}`));
  });

  it("updates text (re-embedded), merges metadata, records history", async () => {
    const memory = open();
    const [item] = (
      await memory.add("Works at Acme", { userId: "u", metadata: { source: "chat", confidence: 1 } })
    ).results;
    const updated = await memory.update(
      item!.id,
      { memory: "Works at Globex", metadata: { confidence: null, verified: true } },
      { userId: "u" },
    );
    expect(updated).toMatchObject({
      memory: "Works at Globex",
      metadata: { source: "chat", verified: true },
    });
    expect((await memory.search("globex", { userId: "u" })).results[0]!.id).toBe(item!.id);
    const [, update] = await memory.history(item!.id, { anyScope: true });
    expect(update).toMatchObject({
      event: "UPDATE",
      previousValue: "Works at Acme",
      newValue: "Works at Globex",
      actor: "api",
      userId: "u",
    });
  });

  it("deleteAll removes only the scope and records a DELETE for each", async () => {
    const memory = open();
    const ids = (
      await memory.add(
        [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ],
        { userId: "x" },
      )
    ).results.map((r) => r.id);
    await memory.add("c", { userId: "y" });
    expect(await memory.deleteAll({ userId: "x", actor: "gdpr-request" })).toEqual({ deleted: 2 });
    expect((await memory.getAll({ userId: "x" })).results).toEqual([]);
    expect((await memory.getAll({ userId: "y" })).results).toHaveLength(1);
    for (const id of ids)
      expect((await memory.history(id, { anyScope: true })).at(-1)).toMatchObject({
        event: "DELETE",
        actor: "gdpr-request",
      });
  });

  it("exports a scope's memories with their history", async () => {
    const memory = open();
    const [item] = (await memory.add("Speaks Portuguese", { userId: "e" })).results;
    await memory.update(item!.id, { metadata: { level: "fluent" } }, { anyScope: true });
    const data = await memory.export({ userId: "e" });
    expect(data.memories.map((m) => m.memory)).toEqual(["Speaks Portuguese"]);
    expect(data.history.map((h) => h.event)).toEqual(["ADD", "UPDATE"]);
  });

  it("reset wipes everything; close makes the Memory unusable", async () => {
    const memory = open();
    await memory.add("temporary", { userId: "r" });
    await memory.reset();
    expect((await memory.getAll({ userId: "r" })).results).toEqual([]);
    await memory.close();
    await expect(memory.getAll({ userId: "r" })).rejects.toThrow(/closed/);
  });
});

describe("embedders", () => {
  it("refuses a different embedder with instructions, and reembed() fixes it", async () => {
    const store = createInMemoryStore();
    await open(store).add("Owns a golden retriever", { userId: "u" });
    const other = new Memory({ store, embedder: createHashingEmbedder({ dimensions: 32 }) });
    const error = await other.search("dog", { userId: "u" }).catch((caught: unknown) => caught);
    expect(EmbedderMismatchError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /made by embedder "hashing-128" \(128 dimensions\).*uses "hashing-32".*memory.reembed\(\)/,
    );
    expect(await other.reembed()).toEqual({ reembedded: 1 });
    expect((await other.search("golden retriever", { userId: "u" })).results[0]!.memory).toBe(
      "Owns a golden retriever",
    );
    await expect(open(store).search("dog", { userId: "u" })).rejects.toThrow(/made by embedder "hashing-32"/);
  });

  it("rejects vectors of the wrong dimension without storing anything", async () => {
    const store = createInMemoryStore();
    const liar = {
      specificationVersion: "v1" as const,
      name: "liar",
      dimensions: 8,
      embed: (texts: string[]) => texts.map(() => [1, 2, 3]),
    };
    const memory = new Memory({ store, embedder: liar });
    await expect(memory.add("x", { userId: "u" })).rejects.toThrow(
      /declares 8 dimensions but returned a vector of 3/,
    );
    expect((await store.list({ scope: null, limit: 5 })).records).toEqual([]);
  });

  it("reports a failing embedder by name", async () => {
    const broken = {
      specificationVersion: "v1" as const,
      name: "remote",
      dimensions: 4,
      embed: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    await expect(
      new Memory({ store: createInMemoryStore(), embedder: broken }).add("x", { userId: "u" }),
    ).rejects.toThrow(/Embedder "remote" failed: ECONNREFUSED/);
  });
});

describe("a store that is down", () => {
  it("surfaces the store's error and recovers when the store comes back", async () => {
    const inner = createInMemoryStore();
    let down = true;
    const flaky: MemoryStore = {
      ...inner,
      name: "flaky",
      getMeta(key) {
        if (down)
          throw new StoreError({ store: "flaky", message: "connection refused. Is the server running?" });
        return inner.getMeta(key);
      },
    };
    const memory = new Memory({ store: flaky, embedder });
    const error = await memory.add("x", { userId: "u" }).catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/\[engram\] \[flaky\] connection refused/);
    down = false;
    expect((await memory.add("x", { userId: "u" })).results[0]!.event).toBe("ADD");
  });
});
