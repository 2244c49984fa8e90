import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { EngramError, InvalidArgumentError } from "../errors/index.js";
import { maxFilterDepth, maxFilterSize } from "../filters/validate-filter.js";
import { createSqliteStore } from "../sqlite/sqlite-store.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import { Memory } from "./memory.js";

const alice = { userId: "alice" };

function open(store: MemoryStore = createInMemoryStore()) {
  return { store, memory: new Memory({ store, embedder: createHashingEmbedder() }) };
}

async function everything(store: MemoryStore) {
  const records = (await store.list({ scope: null, limit: 1000, includeInvalid: true })).records;
  return JSON.stringify([records, await store.history({ scope: null })]);
}

/** The error a call fails with; fails the test when it succeeds. */
async function failure(call: () => unknown): Promise<InvalidArgumentError> {
  try {
    await call();
  } catch (error) {
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    return error as InvalidArgumentError;
  }
  throw new Error("expected the call to fail");
}

function nestedNot(depth: number): Record<string, unknown> {
  let filter: Record<string, unknown> = { topic: "food" };
  for (let index = 0; index < depth; index++) filter = { $not: filter };
  return filter;
}

describe("arguments that are not plain data", () => {
  it("names the argument and stores nothing for BigInt, cycles, throwing getters and proxies", async () => {
    const { store, memory } = open();
    await memory.add("Likes tea", alice);
    const before = await everything(store);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const getter = Object.defineProperty({}, "topic", {
      enumerable: true,
      get() {
        throw new RangeError("boom");
      },
    });
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new TypeError("trap");
        },
      },
    );
    const cases: Array<[() => unknown, RegExp, RegExp]> = [
      [() => memory.add("x", { ...alice, metadata: { n: 1n } } as never), /options\.metadata/, /BigInt/],
      [() => memory.add("x", { ...alice, metadata: cycle } as never), /options\.metadata\.self/, /cycle/],
      [
        () => memory.add("x", { ...alice, metadata: getter } as never),
        /options\.metadata\.topic/,
        /could not be read \(boom\)/,
      ],
      [() => memory.add("x", trap as never), /^options$/, /could not be read \(trap\)/],
      [
        () => memory.add([{ role: "user", content: cycle }] as never, alice),
        /messages\[0\]\.content\.self/,
        /cycle/,
      ],
      [() => memory.search("x", { ...alice, limit: 5n } as never), /options\.limit/, /got the BigInt 5n/],
      [
        () => memory.buildContext("x", { ...alice, tokenBudget: Number.NaN } as never),
        /options\.tokenBudget/,
        /got NaN/,
      ],
      [() => memory.update("x", { importance: 1n } as never, alice), /changes\.importance/, /BigInt 1n/],
      [
        () => memory.addEvent({ kind: "tool", name: "t", input: 1n } as never, alice),
        /event\.input/,
        /JSON value/,
      ],
      [
        () => memory.addEvent({ kind: "tool", name: "t", output: cycle } as never, alice),
        /event\.output\.self/,
        /cycle/,
      ],
      [
        () => memory.getAll({ ...alice, filters: { topic: 1n } } as never),
        /options\.filters\.topic/,
        /JSON value/,
      ],
      [
        () => memory.getAll({ ...alice, filters: { n: Number.NaN } } as never),
        /options\.filters\.n/,
        /finite number/,
      ],
      [
        () => memory.getAll({ ...alice, filters: { at: new Date() } } as never),
        /options\.filters\.at/,
        /ISO string/,
      ],
      [
        () => memory.search("x", { ...alice, actor: "bot\u0000" } as never),
        /options\.actor/,
        /control characters/,
      ],
      [() => memory.accessLog(trap as never), /^scope$/, /could not be read/],
    ];
    for (const [call, argument, message] of cases) {
      const error = await failure(call);
      expect(error.argument).toMatch(argument);
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/^\[engram\] /u);
    }
    expect(await everything(store)).toBe(before);
  });

  it("reads an options object once, so a proxy cannot show one scope to the check and another to the write", async () => {
    const { memory } = open();
    let reads = 0;
    const shifting = new Proxy({} as Record<string, unknown>, {
      get: (_target, key) => (key === "userId" ? (reads++ === 0 ? "alice" : "bob") : undefined),
      ownKeys: () => ["userId"],
      getOwnPropertyDescriptor: () => ({ value: "alice", enumerable: true, configurable: true }),
    });
    const [item] = (await memory.add("Plays chess", shifting as never)).results;
    expect((await memory.get(item!.id, { anyScope: true }))?.userId).toBe("alice");
    expect((await memory.getAll({ userId: "bob" })).results).toEqual([]);
  });
});

describe("filters", () => {
  it(`are nested at most ${maxFilterDepth} levels deep and hold at most ${maxFilterSize} values`, async () => {
    const { memory } = open();
    await memory.add("Likes tea", { ...alice, metadata: { topic: "food" } });
    for (const filters of [
      nestedNot(10_000),
      { $and: [nestedNot(5_000)] },
      nestedNot(40),
      { topic: { $in: [nestedNot(40)] } },
    ]) {
      const error = await failure(() => memory.getAll({ ...alice, filters } as never));
      // Past the filter limit the call fails, at the latest when the argument is first read (64 levels).
      expect(error.message).toMatch(new RegExp(`at most (${maxFilterDepth}|64) levels deep`));
      expect(error.argument).toMatch(/^options\.filters/u);
    }
    const wide = { topic: { $in: Array.from({ length: maxFilterSize + 1 }, (_, index) => `t${index}`) } };
    expect((await failure(() => memory.search("tea", { ...alice, filters: wide }))).message).toMatch(
      /too large|at most/,
    );
    // Just inside the limit still works (each $not is one level).
    const deep = nestedNot(maxFilterDepth - 2);
    expect((await memory.getAll({ ...alice, filters: deep } as never)).results).toHaveLength(1);
  });

  it("mixing operators and plain keys is refused instead of silently comparing", async () => {
    const { memory } = open();
    const error = await failure(() => memory.getAll({ ...alice, filters: { a: { $eq: 1, b: 2 } } } as never));
    expect(error.argument).toBe("options.filters.a");
  });
});

describe("new Memory() options", () => {
  const store = createInMemoryStore();
  const embedder = createHashingEmbedder();
  const model = { specificationVersion: "v1" as const, name: "m", generate: () => ({ text: "{}" }) };

  it.each<[string, Record<string, unknown>, RegExp, RegExp]>([
    ["a store without list()", { store: { ...store, list: undefined } }, /options\.store/, /has no list/],
    [
      "a store of an old contract",
      { store: { ...store, specificationVersion: "v1" } },
      /options\.store/,
      /"v2"/,
    ],
    ["a store without a name", { store: { ...store, name: 1n } }, /options\.store\.name/, /BigInt/],
    ["a store that is a string", { store: "sqlite" }, /options\.store/, /expected a MemoryStore/],
    ["an embedder with 0 dimensions", { embedder: { ...embedder, dimensions: 0 } }, /dimensions/, /got 0/],
    [
      "an embedder without embed()",
      { embedder: { name: "e", dimensions: 3 } },
      /options\.embedder/,
      /embed\(texts\)/,
    ],
    [
      "an embedder of another contract",
      { embedder: { ...embedder, specificationVersion: "v9" } },
      /specificationVersion/,
      /"v1"/,
    ],
    ["a model without a name", { llm: { ...model, name: "" } }, /options\.llm\.name/, /model name/],
    [
      "a model without generate()",
      { llm: { name: "m", specificationVersion: "v1" } },
      /options\.llm/,
      /ChatModel/,
    ],
    ["a path with NUL", { path: "data\u0000" }, /options\.path/, /control characters/],
    ["a path that is a number", { path: 3 }, /options\.path/, /got 3/],
    ["an actor with a newline", { actor: "api\n" }, /options\.actor/, /control characters/],
    ["NaN retrieval weights", { retrieval: { vectorWeight: Number.NaN } }, /vectorWeight/, /got NaN/],
    ["string retrieval weights", { retrieval: { keywordWeight: "0.3" } }, /keywordWeight/, /got "0.3"/],
    ["a clock that is not a function", { _internal: { now: 1 } }, /_internal\.now/, /function/],
    ["a getter that throws", { actor: "throws" }, /options\.actor/, /could not be read/],
  ])("refuses %s", (_name, options, argument, message) => {
    let error: unknown;
    const all: Record<string, unknown> = { store, embedder, ...options };
    if (options.actor === "throws")
      Object.defineProperty(all, "actor", {
        enumerable: true,
        get: () => {
          throw new Error("x");
        },
      });
    try {
      new Memory(all as never);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toMatch(argument);
    expect((error as Error).message).toMatch(message);
  });

  it("keeps its own copy of the settings: changing the retrieval object later changes nothing", async () => {
    const retrieval = { vectorWeight: 0.7, keywordWeight: 0.3 };
    const memory = new Memory({ store: createInMemoryStore(), embedder, retrieval });
    await memory.add("Likes green tea", alice);
    retrieval.vectorWeight = Number.NaN;
    (retrieval as Record<string, unknown>).keywordWeight = "heavy";
    expect((await memory.search("green tea", alice)).results).toHaveLength(1);
  });
});

describe("createSqliteStore options", () => {
  it.each<[string, unknown, RegExp]>([
    ["a path with NUL", { path: "memory\u0000.db" }, /options\.path.*control characters/s],
    ["an empty path", { path: "" }, /options\.path/],
    ["a path that is an object", { path: { toString: () => "x" } }, /options\.path/],
    ["no options", undefined, /options/],
    ["an unknown option", { path: ":memory:", file: "x" }, /options\.file/],
    ["a bad durability", { path: ":memory:", durability: "fast" }, /options\.durability/],
    ["a negative busy timeout", { path: ":memory:", busyTimeoutMs: -1 }, /options\.busyTimeoutMs/],
  ])("refuses %s with an InvalidArgumentError", (_name, options, message) => {
    let error: unknown;
    try {
      createSqliteStore(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(EngramError.isInstance(error) && InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(message);
  });
});
