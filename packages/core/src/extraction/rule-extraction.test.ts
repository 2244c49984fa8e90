import type { ScopeSelector } from "../types.js";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { Memory } from "../memory/memory.js";
import { createSqliteStore } from "../sqlite.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";

const alice = { userId: "alice" };
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-rules-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function setup(store: MemoryStore = createInMemoryStore()) {
  const clock = { now: new Date("2026-01-01T00:00:00Z") };
  const memory = new Memory({
    store,
    embedder: createHashingEmbedder(),
    _internal: { now: () => clock.now },
  });
  const later = (days: number) => {
    clock.now = new Date(clock.now.getTime() + days * 86_400_000);
    return clock.now;
  };
  const say = (text: string, scope: ScopeSelector = alice) =>
    memory.add([{ role: "user", content: text }], { ...scope, infer: true });
  const current = async (scope: ScopeSelector = alice) =>
    (await memory.getAll(scope)).results.map((item) => item.memory).sort();
  return { memory, clock, later, say, current };
}

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory store", () => createInMemoryStore()],
  [
    "SQLite store",
    () => createSqliteStore({ path: path.join(folder, `${Math.random().toString(36).slice(2)}.db`) }),
  ],
];

describe.each(stores)("rule-based add(…, { infer: true }) on the %s", (_name, createStore) => {
  it("stores third-person typed memories with slots and supersedes a moved location", async () => {
    const { memory, say, later, current } = setup(createStore());
    const first = await say("My name is Dana and I live in Lisbon.");
    expect(first.results.map((item) => [item.event, item.memory])).toEqual([
      ["ADD", "Name is Dana"],
      ["ADD", "Lives in Lisbon"],
    ]);
    const lisbonId = first.results[1]!.id;
    const lisbon = await memory.get(lisbonId, { anyScope: true });
    expect(lisbon).toMatchObject({ type: "fact", slot: "location", validTo: null });
    const before = later(10);
    later(20);
    const moved = await say("I moved to Porto last month.");
    expect(moved.results).toEqual([
      expect.objectContaining({ event: "ADD", memory: "Lives in Porto", superseded: [lisbonId] }),
    ]);
    expect(await current()).toEqual(["Lives in Porto", "Name is Dana"]);
    const old = await memory.get(lisbonId, { anyScope: true });
    expect(old?.supersededBy).toBe(moved.results[0]!.id);
    expect(old?.validTo).not.toBeNull();
    expect(
      (await memory.search("where does she live", { ...alice, asOf: before })).results.map(
        (item) => item.memory,
      ),
    ).toContain("Lives in Lisbon");
    expect((await memory.search("lives", alice)).results.map((item) => item.memory)).not.toContain(
      "Lives in Lisbon",
    );
    expect((await memory.getAll({ ...alice, includeInvalid: true })).results).toHaveLength(3);
    expect(
      (await memory.history(lisbonId, { anyScope: true })).map((entry) => [entry.event, entry.actor]),
    ).toEqual([
      ["ADD", "extractor:rules"],
      ["SUPERSEDE", "extractor:rules"],
    ]);
  });

  it("ends the employer slot on a negation, and a new job supersedes the ending", async () => {
    const { memory, say, later, current } = setup(createStore());
    const [acme, role] = (await say("I work at Acme as a data engineer.")).results;
    later(1);
    const ended = await say("Actually I don't work at Acme anymore.");
    expect(ended.results).toEqual([
      expect.objectContaining({ memory: "No longer works at Acme", superseded: [acme!.id] }),
    ]);
    expect(await current()).toEqual(["No longer works at Acme", "Works as a data engineer"]);
    expect((await memory.get(role!.id, { anyScope: true }))?.validTo).toBeNull();
    later(1);
    const hired = await say("I just started a new job at Globex.");
    expect(hired.results[0]).toMatchObject({ memory: "Works at Globex", superseded: [ended.results[0]!.id] });
    expect(await current()).toEqual(["Works as a data engineer", "Works at Globex"]);
  });

  it("keeps the current employer when the user ends a different one", async () => {
    const { say, current } = setup(createStore());
    await say("I work at Globex.");
    const result = await say("I no longer work at Acme.");
    expect(result.results[0]?.superseded).toBeUndefined();
    expect(await current()).toEqual(["No longer works at Acme", "Works at Globex"]);
  });

  it("stores nothing for small talk and reports known facts as NONE", async () => {
    const { say, current } = setup(createStore());
    expect((await say("thanks!")).results).toEqual([]);
    expect((await say("haha ok")).results).toEqual([]);
    expect((await say("what's the weather?")).results).toEqual([]);
    const first = await say("I'm vegetarian and allergic to peanuts.");
    const again = await say("I'm vegetarian.");
    expect(again.results).toEqual([{ id: first.results[0]!.id, memory: "Is vegetarian", event: "NONE" }]);
    expect(await current()).toEqual(["Is allergic to peanuts", "Is vegetarian"]);
  });

  it("supersedes the new everyday slots: a new car replaces the old one, selling it ends it", async () => {
    const { say, current } = setup(createStore());
    const first = await say("I drive a Honda Civic.");
    const civicId = first.results[0]!.id;
    const bought = await say("Big news: I bought a Tesla Model 3!");
    expect(bought.results).toEqual([
      expect.objectContaining({ event: "ADD", memory: "Bought a Tesla Model 3", superseded: [civicId] }),
    ]);
    await say("My daughter started school at Lincoln Elementary.");
    await say("My daughter starts school at Oak Ridge Middle in September.");
    // Said on 1 January 2026, "in September" resolves to September 2026 (temporal resolution keeps it in the text).
    expect(await current()).toEqual([
      "Bought a Tesla Model 3",
      "Daughter starts school at Oak Ridge Middle in September 2026",
    ]);
    const sold = await say("I sold my car.");
    expect(sold.results[0]).toMatchObject({ event: "ADD", memory: "Sold their car" });
    expect(await current()).toEqual([
      "Daughter starts school at Oak Ridge Middle in September 2026",
      "Sold their car",
    ]);
  });

  it("stores nothing for negations, hypotheticals, questions and other people's news", async () => {
    const { say, current } = setup(createStore());
    await say("I live in Lisbon.");
    for (const text of [
      "I don't live in London.",
      "I am not a doctor.",
      "If I moved to Paris, I would learn French.",
      "My friend said she moved to Berlin.",
      "Should I move to Porto?",
    ])
      expect((await say(text)).results).toEqual([]);
    expect(await current()).toEqual(["Lives in Lisbon"]);
  });

  it("keeps slots per scope: another user's move supersedes nothing of alice's", async () => {
    const { say, current } = setup(createStore());
    await say("I live in Lisbon.");
    const bob = await say("I moved to Porto.", { userId: "bob" });
    expect(bob.results[0]?.superseded).toBeUndefined();
    const madrid = await say("I live in Madrid.", { userId: "alice", agentId: "travel" });
    expect(madrid.results[0]?.superseded).toBeUndefined();
    // alice's own scope also lists what the travel agent stored about her; neither replaced the other.
    expect(await current()).toEqual(["Lives in Lisbon", "Lives in Madrid"]);
    expect(await current({ userId: "bob" })).toEqual(["Lives in Porto"]);
  });
});

describe("rule-based extraction inside one add", () => {
  it("keeps the last value when one add sets a slot twice, and reports the earlier one", async () => {
    const { say, current } = setup();
    const result = await say("I live in Lisbon. Well, I moved to Porto last week.");
    expect(result.results.map((item) => item.memory)).toEqual(["Lives in Porto"]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ reason: "conflict", memory: "Lives in Lisbon" }),
    ]);
    expect(await current()).toEqual(["Lives in Porto"]);
  });

  it("reads only the user's messages, not the assistant's", async () => {
    const { memory } = setup();
    const result = await memory.add(
      [
        { role: "user", content: "I'm a nurse.", id: "m1" },
        { role: "assistant", content: "I live in the cloud and I love helping!", id: "m2" },
      ],
      { ...alice, infer: true },
    );
    expect(result.results.map((item) => item.memory)).toEqual(["Is a nurse"]);
    expect((await memory.getAll(alice)).results[0]!.sources).toEqual([{ role: "user", messageId: "m1" }]);
  });
});
