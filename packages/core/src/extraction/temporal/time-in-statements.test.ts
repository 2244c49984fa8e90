import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../../errors/index.js";
import { Memory } from "../../memory/memory.js";
import { createSqliteStore } from "../../sqlite/sqlite-store.js";
import { createInMemoryStore } from "../../store/in-memory-store.js";
import type { MemoryStore } from "../../store/memory-store.js";

const alice = { userId: "alice" };
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-temporal-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const stores: Array<[string, () => MemoryStore]> = [
  ["in-memory", () => createInMemoryStore()],
  ["sqlite", () => createSqliteStore({ path: path.join(folder, `${Math.random()}.db`) })],
];

function setup(createStore: () => MemoryStore, extra: Partial<ConstructorParameters<typeof Memory>[0]> = {}) {
  const clock = { now: new Date("2026-04-10T12:00:00Z") };
  const memory = new Memory({
    store: createStore(),
    embedder: createHashingEmbedder(),
    _internal: { now: () => clock.now },
    ...extra,
  });
  return { memory, clock };
}

const texts = async (memory: Memory, asOf?: string) =>
  (await memory.getAll({ ...alice, ...(asOf ? { asOf } : {}) })).results.map((item) => item.memory).sort();

describe.each(stores)("time in statements (%s)", (_name, createStore) => {
  it('"moved last month" said on 31 March ends Lisbon and starts Porto on 28 February, consistently for asOf', async () => {
    const { memory } = setup(createStore);
    await memory.add([{ role: "user", content: "I live in Lisbon.", timestamp: "2025-06-01T09:00:00Z" }], {
      ...alice,
      infer: true,
    });
    const { results } = await memory.add(
      [{ role: "user", content: "I moved to Porto last month.", timestamp: "2026-03-31T18:00:00Z" }],
      { ...alice, infer: true },
    );
    expect(results.map((item) => [item.event, item.memory])).toEqual([["ADD", "Lives in Porto"]]);
    const porto = await memory.get(results[0]!.id, alice);
    expect(porto?.validFrom).toBe("2026-02-28T00:00:00.000Z");
    expect(await texts(memory, "2026-02-15T00:00:00Z")).toEqual(["Lives in Lisbon"]);
    expect(await texts(memory, "2026-03-10T00:00:00Z")).toEqual(["Lives in Porto"]);
    expect(await texts(memory)).toEqual(["Lives in Porto"]);
    const lisbon = (await memory.getAll({ ...alice, includeInvalid: true })).results.find(
      (item) => item.memory === "Lives in Lisbon",
    );
    expect(lisbon?.validTo).toBe("2026-02-28T00:00:00.000Z");
    await memory.close();
  });

  it("a back-dated value older than the current one's start ends it at the write time, not before it began", async () => {
    const { memory, clock } = setup(createStore);
    await memory.add("I live in Lisbon.", { ...alice, infer: true });
    clock.now = new Date("2026-04-11T12:00:00Z");
    await memory.add(
      [{ role: "user", content: "I moved to Porto last month.", timestamp: "2026-03-31T18:00:00Z" }],
      {
        ...alice,
        infer: true,
      },
    );
    const lisbon = (await memory.getAll({ ...alice, includeInvalid: true })).results.find(
      (item) => item.memory === "Lives in Lisbon",
    );
    expect(lisbon?.validFrom).toBe("2026-04-10T12:00:00.000Z");
    expect(lisbon?.validTo).toBe("2026-04-11T12:00:00.000Z");
    await memory.close();
  });

  it("without message times the Memory's clock is the reference", async () => {
    const { memory } = setup(createStore);
    const { results } = await memory.add("I started at Google in March.", { ...alice, infer: true });
    expect((await memory.get(results[0]!.id, alice))?.validFrom).toBe("2026-03-01T00:00:00.000Z");
    await memory.close();
  });

  it("resolveTimes: false keeps the time the message was said", async () => {
    const { memory } = setup(createStore, { extraction: { resolveTimes: false } });
    const { results } = await memory.add(
      [{ role: "user", content: "I moved to Porto last month.", timestamp: "2026-03-31T18:00:00Z" }],
      { ...alice, infer: true },
    );
    expect((await memory.get(results[0]!.id, alice))?.validFrom).toBe("2026-03-31T18:00:00.000Z");
    await memory.close();
  });

  it("ages a memory from the session it was said in, not from its last metadata edit", async () => {
    const { memory, clock } = setup(createStore, {
      retrieval: { recency: { halfLifeDays: 30, weight: 0.5 } },
    });
    const old = await memory.add("Coffee order is a flat white", {
      ...alice,
      timestamp: "2023-05-08T10:00:00Z",
    });
    await memory.add("Coffee order is a cortado", { ...alice, timestamp: "2026-04-01T10:00:00Z" });
    clock.now = new Date("2026-04-10T13:00:00Z");
    await memory.update(old.results[0]!.id, { metadata: { checked: true } }, alice);
    const { results } = await memory.search("coffee order", { ...alice, explain: true });
    expect(results.map((item) => item.memory)).toEqual([
      "Coffee order is a cortado",
      "Coffee order is a flat white",
    ]);
    expect(results[1]!.explanation!.recency).toBeCloseTo(0.5, 3);
    expect(results[0]!.explanation!.recency).toBeCloseTo(0.5 + 0.5 * 2 ** (-9.125 / 30), 3);
    await memory.close();
  });

  it("summarises back-dated episodes in the month they were said", async () => {
    const { memory } = setup(createStore);
    for (const [day, text] of [
      ["2023-05-08", "Went hiking with Tom"],
      ["2023-05-20", "Visited the aquarium with Ana"],
    ])
      await memory.add(text!, { ...alice, type: "episode", timestamp: `${day}T10:00:00Z` });
    const report = await memory.consolidate(alice);
    const summary = report.steps.find((step) => step.op === "SUMMARIZE");
    expect(summary?.reason).toContain("May 2023");
    const summaries = (await memory.getAll({ ...alice, types: ["summary"] })).results;
    expect(summaries.map((item) => item.metadata.period)).toEqual(["2023-05"]);
    await memory.close();
  });
});

describe("extraction time options", () => {
  it.each([
    [{ resolveTimes: "yes" }, "extraction.resolveTimes"],
    [{ eventExpiry: "soon" }, "extraction.eventExpiry"],
    [{ eventExpiry: -5 }, "extraction.eventExpiry"],
  ])("refuses %j", (extraction, argument) => {
    const create = () =>
      new Memory({
        store: createInMemoryStore(),
        embedder: createHashingEmbedder(),
        extraction: extraction as never,
      });
    expect(create).toThrow(InvalidArgumentError);
    try {
      create();
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});
