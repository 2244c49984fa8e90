import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { EngramError } from "../errors/index.js";
import type { ChatModel } from "../models/chat-model.js";
import { createSqliteStore } from "../sqlite/sqlite-store.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import { embedderMetaKey } from "./embedder-check.js";
import { Memory } from "./memory.js";

// A bad-input fuzzer for the public API: every method, fed hostile arguments, must either succeed or throw an
// EngramError, and a call that throws must leave the store exactly as it was.

const scopes = [{ userId: "u1" }, { userId: "u2", agentId: "a1" }, { runId: "r1" }];

function cyclic(): unknown {
  const value: Record<string, unknown> = { userId: "u1", topic: "x" };
  value.self = value;
  value.list = [value];
  return value;
}

function nested(depth: number, leaf: unknown = 1, asArray = false): unknown {
  let value = leaf;
  for (let index = 0; index < depth; index++) value = asArray ? [value] : { x: value };
  return value;
}

function throwingProxy(): unknown {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy(
    {},
    { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap, getOwnPropertyDescriptor: trap },
  );
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({ userId: "u1" }, {});
  revoke();
  return proxy;
}

/** A scope-shaped proxy whose keys change from one read to the next. */
function shiftingProxy(): unknown {
  let reads = 0;
  return new Proxy({} as Record<string, unknown>, {
    ownKeys: () => (reads++ % 2 === 0 ? ["userId"] : ["userId", "metadata", "filters"]),
    getOwnPropertyDescriptor: () => ({ value: undefined, enumerable: true, configurable: true }),
    get: (_target, key) => (key === "userId" ? (reads % 2 === 0 ? "u1" : "u2") : { userId: "bob" }),
  });
}

function throwingGetter(key: string): unknown {
  return Object.defineProperty({ userId: "u1" }, key, {
    enumerable: true,
    get() {
      throw new TypeError(`getter ${key}`);
    },
  });
}

/** Hostile values, each made fresh (cycles and proxies must not be shared between calls). */
const hostileFactories: Array<() => unknown> = [
  () => 1n,
  () => Symbol("hostile"),
  cyclic,
  throwingProxy,
  revokedProxy,
  shiftingProxy,
  () => throwingGetter("userId"),
  () => throwingGetter("metadata"),
  () => throwingGetter("filters"),
  () => "x".repeat(300_000),
  () => "\uD800",
  () => "a\uDFFFb",
  () => "\u0000",
  () => "",
  () => " u1",
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => -0,
  () => -1,
  () => 2 ** 53,
  () => 0.5,
  () => nested(100),
  () => nested(10_000),
  () => nested(10_000, 1, true),
  () => nested(40, { $not: { a: 1 } }),
  () => ({ $and: [nested(10_000)] }),
  () => JSON.parse('{"__proto__": {"userId": "bob"}, "topic": "x"}'),
  () => ({ constructor: { $exists: true } }),
  () => ({ toString: "x" }),
  () => ({ toJSON: () => ({ userId: "bob" }) }),
  () => ({
    toJSON() {
      throw new Error("toJSON");
    },
  }),
  () => Object.create(null),
  () => Object.assign(Object.create(null), { userId: "u1" }),
  () => new Date(Number.NaN),
  () => new Map([["userId", "u1"]]),
  () =>
    new (class Options {
      userId = "u1";
    })(),
  () => [],
  () => [1, "two", null],
  () => Array.from({ length: 300_000 }, () => 0),
  () => null,
  () => undefined,
  () => true,
  () => 42,
  () => () => "function",
  () => ({ userId: "u1", anyScope: true }),
  () => ({ anyScope: true }),
  () => ({ user_id: "u1" }),
  () => ({ $where: "1" }),
  () => ({ a: { $in: [1n] } }),
  () => ({ a: { $gt: Symbol("s") } }),
  () => ({ a: { $eq: Number.NaN } }),
  () => ({ a: { $bad: 1 } }),
];

const hostile: fc.Arbitrary<() => unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileFactories) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((value) => () => value) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((value) => () => value) },
  { weight: 1, arbitrary: fc.bigInt().map((value) => () => value) },
  { weight: 1, arbitrary: fc.double().map((value) => () => value) },
);

/** Option keys worth poisoning, per method family (plus keys no method knows). */
const optionKeys = [
  "userId",
  "agentId",
  "runId",
  "anyScope",
  "actor",
  "metadata",
  "filters",
  "limit",
  "threshold",
  "minRelevance",
  "types",
  "type",
  "include",
  "includeInvalid",
  "asOf",
  "cursor",
  "explain",
  "tokenBudget",
  "infer",
  "deduplicate",
  "contextWindow",
  "source",
  "expiresAt",
  "importance",
  "expectedVersion",
  "redact",
  "dryRun",
  "since",
  "maxSteps",
  "only",
  "archive",
  "purgeExpiredAfter",
  "consolidate",
  "olderThan",
  "signal",
  "onProgress",
  "__proto__",
  "constructor",
  "toString",
];

interface Draw {
  /** Builds the arguments for a call (fresh values each time). */
  build: (ids: string[]) => unknown[];
}

/** One argument: valid, hostile, or a valid scope with one hostile option. */
function argument(
  valid: (ids: string[]) => unknown,
  nestInto?: (value: unknown) => unknown,
): fc.Arbitrary<Draw["build"]> {
  return fc.oneof(
    fc.constant((ids: string[]) => [valid(ids)]),
    hostile.map((make) => () => [make()]),
    fc
      .tuple(fc.constantFrom(...optionKeys), hostile, fc.nat(scopes.length - 1))
      .map(([key, make, scope]) => () => {
        const options: Record<string, unknown> = { ...scopes[scope] };
        Object.defineProperty(options, key, {
          value: make(),
          enumerable: true,
          configurable: true,
          writable: true,
        });
        return [options];
      }),
    ...(nestInto ? [hostile.map((make) => () => [nestInto(make())])] : []),
  );
}

const scopeArgument = (ids: string[]) => ({ ...scopes[ids.length % scopes.length] });
const idArgument = (ids: string[]) => ids[0] ?? "missing";
const u1 = () => ({ userId: "u1" });

/** Every public method with arguments, and how to draw each argument. */
const methods: Record<string, Array<fc.Arbitrary<Draw["build"]>>> = {
  add: [
    argument(
      () => "Likes green tea",
      (value) => [{ role: "user", content: value }],
    ),
    argument(u1, (value) => ({ userId: "u1", metadata: { topic: value } })),
  ],
  addEvent: [
    argument(
      () => ({ kind: "tool", name: "book_table", input: { at: "Nopa" } }),
      (value) => ({ kind: "tool", name: "lookup", input: value }),
    ),
    argument(u1),
  ],
  search: [argument(() => "tea"), argument(u1, (value) => ({ userId: "u1", filters: { topic: value } }))],
  buildContext: [argument(() => "tea"), argument(() => ({ userId: "u1", tokenBudget: 200 }))],
  get: [argument(idArgument), argument(u1)],
  getAll: [argument(u1, (value) => ({ userId: "u1", filters: { $or: [{ topic: value }] } }))],
  listPending: [argument(u1)],
  update: [
    argument(idArgument),
    argument(
      () => ({ memory: "Likes black tea" }),
      (value) => ({ metadata: { a: value } }),
    ),
    argument(u1),
  ],
  delete: [argument(idArgument), argument(u1)],
  archive: [argument(idArgument), argument(u1)],
  restore: [argument(idArgument), argument(u1)],
  approve: [argument(idArgument), argument(u1)],
  reject: [argument(idArgument), argument(u1)],
  feedback: [
    argument(idArgument),
    argument(
      () => ({ helpful: false, note: "wrong" }),
      (value) => ({ helpful: true, correction: value }),
    ),
    argument(u1),
  ],
  history: [argument(idArgument), argument(u1)],
  export: [argument(scopeArgument)],
  deleteAll: [argument(() => ({ runId: "r-unused" }))],
  purgeExpired: [argument(u1)],
  maintain: [argument(() => ({ userId: "u1", dryRun: true }))],
  consolidate: [argument(() => ({ userId: "u1", dryRun: true }))],
  accessLog: [argument(u1), argument(() => ({ limit: 10 }))],
  scopes: [argument(() => ({ filter: { userId: "u1" }, limit: 10 }))],
  import: [
    argument(
      () => [
        {
          kind: "header",
          format: "engram-export",
          version: 1,
          scope: { userId: "u1" },
          exportedAt: "2026-01-01T00:00:00.000Z",
        },
      ],
      (value) => [value],
    ),
    argument(() => ({ expectScope: { userId: "u1" }, batchSize: 10 })),
  ],
};

/** Methods without arguments: nothing to fuzz. */
const withoutArguments = ["initialize", "reembed", "reset", "close"];

/** Everything the store holds, as JSON (records of every state, every history entry, the access logs). */
async function snapshot(store: MemoryStore): Promise<string> {
  const records = await store.list({ scope: null, limit: 10_000, includeInvalid: true });
  const history = await store.history({ scope: null });
  const logs = [];
  for (const scope of [...scopes, { userId: "bob" }])
    logs.push(await store.readAccessLog!({ scope, limit: 10_000 }));
  return JSON.stringify([records, history, logs, await store.getMeta(embedderMetaKey)]);
}

/** An EngramError with a message, or rethrows what it is not. */
function expectEngramError(error: unknown, label: string): void {
  if (!EngramError.isInstance(error)) {
    throw new Error(`${label} threw something that is not an EngramError: ${String(error)}`, {
      cause: error,
    });
  }
  expect(typeof error.message).toBe("string");
  expect(error.message.startsWith("[engram]")).toBe(true);
}

function describeArguments(args: unknown[]): string {
  return args
    .map((value) => {
      try {
        const text =
          typeof value === "bigint"
            ? `${value}n`
            : typeof value === "symbol"
              ? "Symbol"
              : JSON.stringify(value);
        return (text ?? String(value)).slice(0, 120);
      } catch {
        return "<unprintable>";
      }
    })
    .join(", ");
}

const stores: Array<[string, () => MemoryStore, number]> = [
  ["in-memory", () => createInMemoryStore(), 400],
  ["sqlite", () => createSqliteStore({ path: ":memory:" }), 250],
];

describe.each(stores)("bad-input fuzzer (%s store)", (_name, createStore, runs) => {
  it("fuzzes every public Memory method", () => {
    const names = Object.getOwnPropertyNames(Memory.prototype).filter(
      (name) => !["constructor", "init", "ready"].includes(name),
    );
    expect([...Object.keys(methods), ...withoutArguments].sort()).toEqual(names.sort());
  });

  it("every call succeeds or throws an EngramError, and a call that throws changes nothing", async () => {
    const store = createStore();
    const memory = new Memory({ store, embedder: createHashingEmbedder(), accessLog: true });
    const ids: string[] = [];
    const reseed = async () => {
      const { results } = await memory.getAll({ userId: "u1", include: ["archived", "pending"] });
      if (results.length >= 2) {
        ids.splice(0, ids.length, ...results.map((item) => item.id));
        return;
      }
      for (const text of ["Drinks tea every morning", "Lives in Lisbon", "Prefers short answers"])
        await memory.add(text, { userId: "u1" });
      ids.splice(0, ids.length, ...(await memory.getAll({ userId: "u1" })).results.map((item) => item.id));
    };
    const call = fc.oneof(
      ...Object.entries(methods).map(([name, parameters]) =>
        fc.tuple(fc.constant(name), fc.tuple(...parameters)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(call, async ([name, builders]) => {
        await reseed();
        const args = builders.flatMap((build) => build(ids));
        const before = await snapshot(store);
        const method = (memory as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[
          name
        ]!;
        try {
          await method.apply(memory, args);
        } catch (error) {
          expectEngramError(error, `${name}(${describeArguments(args)})`);
          expect(await snapshot(store), `${name} changed the store before throwing`).toBe(before);
        }
      }),
      { numRuns: runs, seed: 18, endOnFailure: true },
    );
    await memory.close();
  }, 60_000);

  it("the constructor takes hostile options with an EngramError or builds a working Memory", async () => {
    const keys = [
      "store",
      "embedder",
      "llm",
      "path",
      "actor",
      "retrieval",
      "extraction",
      "lifecycle",
      "accessLog",
      "reconciliation",
      "_internal",
      "__proto__",
      "bogus",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), hostile, async (key, make) => {
        const value = make();
        if (value === undefined && (key === "store" || key === "embedder")) return; // the defaults, not bad input
        const options: Record<string, unknown> = { store: createStore(), embedder: createHashingEmbedder() };
        Object.defineProperty(options, key, { value, enumerable: true, configurable: true, writable: true });
        let memory: Memory;
        try {
          memory = new Memory(options as never);
        } catch (error) {
          expectEngramError(error, `new Memory({ ${key}: ${describeArguments([value])} })`);
          return;
        }
        try {
          await memory.add("Likes green tea", { userId: "u1" });
          await memory.search("tea", { userId: "u1" });
        } catch (error) {
          expectEngramError(error, `a Memory built with ${key}: ${describeArguments([value])}`);
        }
      }),
      { numRuns: Math.round(runs / 2), seed: 18, endOnFailure: true },
    );
  }, 60_000);

  it("a model that answers anything fails extraction with an EngramError and writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (make, wrapped) => {
        const store = createStore();
        const llm: ChatModel = {
          specificationVersion: "v1",
          name: "fuzz-model",
          generate: () => (wrapped ? { text: make() } : make()) as never,
        };
        const memory = new Memory({ store, embedder: createHashingEmbedder(), llm });
        await memory.initialize(); // records the embedder in the store: a legitimate first write
        const before = await snapshot(store);
        try {
          await memory.add("I live in Porto and I like jazz", { userId: "u1", infer: true });
        } catch (error) {
          expectEngramError(error, "add(…, { infer: true })");
          expect(await snapshot(store)).toBe(before);
        }
      }),
      { numRuns: Math.round(runs / 2), seed: 18, endOnFailure: true },
    );
  }, 60_000);
});
