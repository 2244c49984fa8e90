import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { MockChatModel } from "../models/mock-chat-model.js";
import { createSqliteStore } from "../sqlite.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { ScopeSelector } from "../types.js";
import { createWinkEmbedder } from "../wink/wink-embedder.js";
import { similarityThreshold } from "./deduplication-options.js";
import { Memory } from "./memory.js";
import type { MemoryOptions } from "./memory-options.js";

const alice = { userId: "alice" };
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-near-duplicates-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory store", () => createInMemoryStore()],
  [
    "SQLite store on disk",
    () => createSqliteStore({ path: path.join(folder, `${Math.random().toString(36).slice(2)}.db`) }),
  ],
];

// Different facts that share most of their words. Each must be stored even when any similarity would do
// (threshold 0): the wording test alone has to tell them apart.
const differentFacts: Array<[string, string]> = [
  ["Likes sushi.", "Dislikes sushi."],
  ["I love sushi.", "I don't love sushi."],
  ["I like jazz.", "I hate jazz."],
  ["I eat meat.", "I never eat meat."],
  ["Lives in Porto.", "Lives in Lisbon."],
  ["lives in porto", "lives in lisbon"],
  ["Has 2 kids.", "Has 3 kids."],
  ["I have two kids.", "I have three kids."],
  ["I'm 34 years old.", "I'm 35 years old."],
  ["I went to Japan in 2019.", "I went to Japan in 2021."],
  ["Is vegan.", "Used to be vegan."],
  ["I visited Japan.", "I want to visit Japan."],
  ["I play tennis.", "I rarely play tennis."],
  ["I like sushi.", "I like sushi but not sashimi."],
  ["I drink coffee.", "I stopped drinking coffee."],
  ["My sister is called Anna.", "My sister is called Maria."],
  ["I work at Google.", "I work at Microsoft."],
  ["The meeting is on Monday.", "The meeting is on Friday."],
  ["the dentist is on tuesday", "the dentist is on thursday"],
  ["I called my mom.", "My mom called me."],
  ["I love sushi.", "I love sushi and ramen."],
  ["I have a dog.", "I have a dog and two cats."],
  ["Caroline: I went to the support group.", "Melanie: I went to the support group."],
  ["Thanks!", "Thanks, Melanie!"],
  // Seen on LoCoMo before the speaker check: the same words, the other speaker.
  ["John: Got it! Thanks, Maria. I definitely will.", "Maria: Thanks, John. I definitely will!"],
];

function setup(store: MemoryStore, options: Partial<MemoryOptions> = {}) {
  return new Memory({ store, embedder: createHashingEmbedder(), ...options });
}

const texts = async (memory: Memory, scope: ScopeSelector = alice) =>
  (await memory.getAll(scope)).results.map((item) => item.memory).sort();

describe.each(stores)("near-duplicates on add, %s", (_name, createStore) => {
  it("reports a paraphrase of a current memory as NONE on it, with what it matched and how similar", async () => {
    const memory = setup(createStore());
    const [first] = (await memory.add("I love sushi.", alice)).results;
    const again = await memory.add("I really love sushi!", alice);
    expect(again.results).toEqual([
      {
        id: first!.id,
        memory: "I love sushi.",
        event: "NONE",
        nearDuplicate: { memory: "I really love sushi!", similarity: expect.any(Number), overlap: 1 },
      },
    ]);
    expect(again.results[0]!.nearDuplicate!.similarity).toBeGreaterThanOrEqual(0.5);
    expect(again.results[0]!.nearDuplicate!.similarity).toBeLessThan(1);
    expect(await texts(memory)).toEqual(["I love sushi."]);
  });

  it.each(differentFacts)("stores %j and %j as two memories", async (existing, added) => {
    const memory = setup(createStore(), { deduplication: { threshold: 0, minOverlap: 0 } });
    await memory.add(existing, alice);
    const result = await memory.add(added, alice);
    expect(result.results.map((item) => item.event)).toEqual(["ADD"]);
    expect(await texts(memory)).toEqual([existing, added].sort());
  });

  it("keeps different facts of one add apart too, and drops a repeat within the add with its source", async () => {
    const memory = setup(createStore(), { deduplication: { threshold: 0, minOverlap: 0 } });
    const result = await memory.add(
      [
        { role: "user", content: "Lives in Porto.", id: "m1" },
        { role: "user", content: "Lives in Lisbon.", id: "m2" },
        { role: "user", content: "I live in Porto!", id: "m3" },
      ],
      alice,
    );
    expect(result.results.map((item) => [item.event, item.memory])).toEqual([
      ["ADD", "Lives in Porto."],
      ["ADD", "Lives in Lisbon."],
    ]);
    expect(result.skipped).toEqual([
      {
        reason: "duplicate",
        event: "ADD",
        memory: "I live in Porto!",
        detail: expect.stringMatching(
          /^says the same as "Lives in Porto\." earlier in this add \(similarity 0?\.?\d/,
        ),
      },
    ]);
    const porto = await memory.get(result.results[0]!.id, alice);
    expect(porto!.sources.map((source) => source.messageId)).toEqual(["m1", "m3"]);
  });

  it("matches only current memories of the reconciliation scope, never another user's", async () => {
    const memory = setup(createStore());
    await memory.add("I love sushi.", { userId: "bob" });
    const [alices] = (await memory.add("I really love sushi!", alice)).results;
    expect(alices!.event).toBe("ADD");
    // Reconciliation "user": a run of alice sees her user-level memories.
    const inRun = await memory.add("I love sushi so much!", { ...alice, runId: "chat-1" });
    expect(inRun.results[0]).toMatchObject({ event: "NONE", id: alices!.id });
    // An invalidated memory is history, not a current memory to match.
    await memory.delete(alices!.id, alice);
    const afterDelete = await memory.add("I love sushi.", alice);
    expect(afterDelete.results[0]!.event).toBe("ADD");
  });

  it('lets deduplicate: "exact" and false store a paraphrase, and { near: false } turn it off for a Memory', async () => {
    const memory = setup(createStore());
    await memory.add("I love sushi.", alice);
    expect(
      (await memory.add("I really love sushi!", { ...alice, deduplicate: "exact" })).results[0]!.event,
    ).toBe("ADD");
    expect((await memory.add("I love sushi.", { ...alice, deduplicate: "exact" })).results[0]!.event).toBe(
      "NONE",
    );
    expect((await memory.add("I love sushi!!", { ...alice, deduplicate: false })).results[0]!.event).toBe(
      "ADD",
    );
    const exactOnly = setup(createStore(), { deduplication: { near: false } });
    await exactOnly.add("I love sushi.", alice);
    expect((await exactOnly.add("I really love sushi!", alice)).results[0]!.event).toBe("ADD");
  });

  it("follows a configured threshold: above the pair's similarity the paraphrase is stored", async () => {
    const strict = setup(createStore(), { deduplication: { threshold: 0.99 } });
    await strict.add("I love sushi.", alice);
    expect((await strict.add("I really love sushi!", alice)).results[0]!.event).toBe("ADD");
  });

  it("applies to rule-extracted memories and leaves slot changes to supersede", async () => {
    const memory = setup(createStore());
    const say = (text: string) => memory.add([{ role: "user", content: text }], { ...alice, infer: true });
    const [lisbon] = (await say("I live in Lisbon.")).results;
    const moved = await say("I moved to Porto.");
    expect(moved.results[0]).toMatchObject({
      event: "ADD",
      memory: "Lives in Porto",
      superseded: [lisbon!.id],
    });
    await memory.add("Loves sushi so much", alice);
    const repeated = await say("I love sushi.");
    expect(repeated.results[0]).toMatchObject({
      event: "NONE",
      memory: "Loves sushi so much",
      nearDuplicate: { memory: "Loves sushi" },
    });
  });

  it("applies to memories a model extracts", async () => {
    const llm = new MockChatModel({
      generate: JSON.stringify({
        operations: [
          { event: "ADD", text: "Really loves sushi", type: "preference", target: null, supersedes: null },
          { event: "ADD", text: "Hates sushi", type: "preference", target: null, supersedes: null },
        ],
      }),
    });
    const memory = setup(createStore(), { llm });
    const [stored] = (await memory.add("Loves sushi", alice)).results;
    const result = await memory.add("I really love sushi, oh and I hate it too", { ...alice, infer: true });
    expect(result.results.map((item) => [item.event, item.memory])).toEqual([
      ["NONE", "Loves sushi"],
      ["ADD", "Hates sushi"],
    ]);
    expect(result.results[0]!.id).toBe(stored!.id);
  });
});

describe("near-duplicates with the default wink embedder", { timeout: 60_000 }, () => {
  const embedder = createWinkEmbedder();

  it.each([
    ["I have a dog named Max.", "My dog's name is Max."],
    ["Lives in Porto.", "I live in Porto."],
    ["My favourite colour is blue.", "Blue is my favourite colour."],
    ["I'm vegetarian.", "I am a vegetarian."],
  ])("finds %j said again as %j", async (existing, added) => {
    const memory = new Memory({ store: createInMemoryStore(), embedder });
    const [first] = (await memory.add(existing, alice)).results;
    const result = await memory.add(added, alice);
    expect(result.results[0]).toMatchObject({ event: "NONE", id: first!.id });
    expect(result.results[0]!.nearDuplicate!.similarity).toBeGreaterThanOrEqual(0.77);
  });

  it.each(differentFacts)("stores %j and %j as two memories", async (existing, added) => {
    const memory = new Memory({ store: createInMemoryStore(), embedder });
    await memory.add(existing, alice);
    expect((await memory.add(added, alice)).results[0]!.event).toBe("ADD");
  });
});

describe("deduplication options", () => {
  it("uses the measured thresholds of the shipped embedders and a high one for others", () => {
    const defaults = { near: true, minOverlap: 0.6 };
    expect(similarityThreshold(defaults, "wink-sg-100d")).toBe(0.77);
    expect(similarityThreshold(defaults, "hashing-256")).toBe(0.5);
    expect(similarityThreshold(defaults, "openai:text-embedding-3-small")).toBe(0.9);
    expect(similarityThreshold({ ...defaults, threshold: 0.8 }, "wink-sg-100d")).toBe(0.8);
  });

  it("refuses unknown keys and values out of range, naming the option", () => {
    const bad: unknown[] = [
      { thresold: 0.8 },
      { threshold: 1.5 },
      { threshold: -0.1 },
      { threshold: "0.8" },
      { minOverlap: Number.NaN },
      { near: "yes" },
      "near",
    ];
    for (const deduplication of bad) {
      const error = (() => {
        try {
          setup(createInMemoryStore(), { deduplication: deduplication as MemoryOptions["deduplication"] });
        } catch (caught) {
          return caught;
        }
      })();
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toMatch(/^options\.deduplication/);
    }
  });

  it('refuses a deduplicate value other than true, false or "exact" and stores nothing', async () => {
    const memory = setup(createInMemoryStore());
    await expect(memory.add("I love sushi.", { ...alice, deduplicate: "near" as never })).rejects.toThrow(
      /options\.deduplicate: expected true \(same text or same fact in other words\), "exact"/,
    );
    expect(await texts(memory)).toEqual([]);
  });
});
