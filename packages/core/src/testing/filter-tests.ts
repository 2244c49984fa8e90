import { expect, it } from "vitest";
import { type MemoryFilter, matchesFilter } from "../filters/index.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { JsonValue, MemoryRecord } from "../types.js";
import { listAll, makeRecord, queryFor } from "./conformance-context.js";

const scope = { userId: "filters" };

function fixture(): MemoryRecord[] {
  const rows: Array<[string, Record<string, JsonValue>, Partial<MemoryRecord>]> = [
    [
      "alpha apple",
      { topic: "food", rating: 5, tags: ["fruit", "red"], city: "Lisbon", flag: true },
      { type: "preference" },
    ],
    [
      "beta banana",
      { topic: "food", rating: 3, tags: ["fruit"], city: "Porto", flag: false },
      { type: "fact" },
    ],
    ["gamma gym", { topic: "health", rating: 4, city: "Lisbon", note: null }, { type: "task_state" }],
    ["delta dentist", { topic: "health", rating: 1, nested: { level: 2 } }, { type: "fact" }],
    // An own "constructor" key: filters must read it, and never Object.prototype's for the other records.
    ["epsilon email", { topic: "work", rating: 2.5, tags: [], constructor: "own" }, { type: "episode" }],
    [
      "zeta zoo",
      {},
      { type: "fact", createdAt: "2024-03-01T00:00:00.000Z", validFrom: "2024-03-01T00:00:00.000Z" },
    ],
  ];
  return rows.map(([text, metadata, overrides]) => makeRecord(text, scope, { metadata, ...overrides }));
}

const allMemories = ["alpha apple", "beta banana", "gamma gym", "delta dentist", "epsilon email", "zeta zoo"];

/** Filters that every store must evaluate with the same semantics as core's `matchesFilter`. */
export const conformanceFilters: Array<[string, MemoryFilter, string[]]> = [
  ["equality", { topic: "food" }, ["alpha apple", "beta banana"]],
  ["$eq", { rating: { $eq: 4 } }, ["gamma gym"]],
  [
    "$ne includes missing",
    { topic: { $ne: "food" } },
    ["gamma gym", "delta dentist", "epsilon email", "zeta zoo"],
  ],
  ["$gt", { rating: { $gt: 3 } }, ["alpha apple", "gamma gym"]],
  ["$gte", { rating: { $gte: 3 } }, ["alpha apple", "beta banana", "gamma gym"]],
  ["$lt", { rating: { $lt: 2.5 } }, ["delta dentist"]],
  ["$lte", { rating: { $lte: 2.5 } }, ["delta dentist", "epsilon email"]],
  ["$in", { city: { $in: ["Porto", "Berlin"] } }, ["beta banana"]],
  [
    "$nin includes missing",
    { city: { $nin: ["Lisbon"] } },
    ["beta banana", "delta dentist", "epsilon email", "zeta zoo"],
  ],
  ["$exists true", { tags: { $exists: true } }, ["alpha apple", "beta banana", "epsilon email"]],
  [
    "$exists false treats null as absent",
    { note: { $exists: false } },
    ["alpha apple", "beta banana", "gamma gym", "delta dentist", "epsilon email", "zeta zoo"],
  ],
  ["$contains on arrays", { tags: { $contains: "red" } }, ["alpha apple"]],
  ["$contains on strings", { city: { $contains: "isb" } }, ["alpha apple", "gamma gym"]],
  ["$and", { $and: [{ topic: "food" }, { rating: { $gt: 4 } }] }, ["alpha apple"]],
  ["$or", { $or: [{ topic: "work" }, { city: "Porto" }] }, ["beta banana", "epsilon email"]],
  ["$not", { $not: { topic: "health" } }, ["alpha apple", "beta banana", "epsilon email", "zeta zoo"]],
  ["boolean equality", { flag: false }, ["beta banana"]],
  ["nested path", { "nested.level": 2 }, ["delta dentist"]],
  ["explicit metadata prefix", { "metadata.topic": "work" }, ["epsilon email"]],
  ["built-in type", { type: { $in: ["preference", "task_state"] } }, ["alpha apple", "gamma gym"]],
  ["built-in createdAt range", { createdAt: { $lt: "2025-01-01T00:00:00.000Z" } }, ["zeta zoo"]],
  ["range across types is false", { city: { $gt: 3 } }, []],
  [
    "several conditions on one field",
    { rating: { $gt: 1, $lt: 5 } },
    ["beta banana", "gamma gym", "epsilon email"],
  ],
  ["array equality", { tags: ["fruit"] }, ["beta banana"]],
  ["own prototype-named key", { constructor: "own" }, ["epsilon email"]],
  ["own prototype-named key exists", { constructor: { $exists: true } }, ["epsilon email"]],
  ["prototype key is absent", { toString: { $exists: true } }, []],
  [
    "prototype key $exists false",
    { toString: { $exists: false } },
    ["alpha apple", "beta banana", "gamma gym", "delta dentist", "epsilon email", "zeta zoo"],
  ],
  ["prototype key $ne", { hasOwnProperty: { $ne: 1 } }, allMemories],
  ["__proto__ is absent", { ["__proto__"]: { $exists: true } }, []],
  ["prototype key in a nested path", { "nested.constructor": { $exists: true } }, []],
  ["prototype key in the metadata prefix", { "metadata.valueOf": { $exists: true } }, []],
  [
    "prototype key in $or",
    { $or: [{ toString: { $exists: true } }, { constructor: "own" }] },
    ["epsilon email"],
  ],
];

// A small deterministic generator (no test-order dependence) for random filters over the fixture.
function randomFilters(count: number): MemoryFilter[] {
  let state = 42;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const fields = ["topic", "rating", "city", "flag", "tags", "type", "note"];
  const values: JsonValue[] = [
    "food",
    "health",
    "Lisbon",
    "Porto",
    1,
    3,
    4,
    2.5,
    true,
    false,
    "fruit",
    "fact",
    null,
  ];
  const leaf = (): MemoryFilter => {
    const field = fields[next(fields.length)]!;
    const value = values[next(values.length)]!;
    const operator = ["eq", "$ne", "$gt", "$lte", "$in", "$nin", "$exists", "$contains"][next(8)]!;
    if (operator === "eq") return { [field]: value };
    if (operator === "$in" || operator === "$nin")
      return { [field]: { [operator]: [value, values[next(values.length)]!] } };
    if (operator === "$exists") return { [field]: { $exists: next(2) === 0 } };
    if ((operator === "$gt" || operator === "$lte") && typeof value !== "number" && typeof value !== "string")
      return { [field]: { [operator]: 3 } };
    return { [field]: { [operator]: value } };
  };
  const build = (depth: number): MemoryFilter => {
    const kind = depth > 1 ? 0 : next(4);
    if (kind === 1) return { $and: [build(depth + 1), build(depth + 1)] };
    if (kind === 2) return { $or: [build(depth + 1), build(depth + 1)] };
    if (kind === 3) return { $not: build(depth + 1) };
    return leaf();
  };
  return Array.from({ length: count }, () => build(0));
}

/** The shared filter semantics, on list and on search, plus random filters against the reference evaluator. */
export function filterTests(getStore: () => MemoryStore): void {
  it.each(conformanceFilters)("filters on list: %s", async (_title, filter, expected) => {
    const store = getStore();
    await store.write({ upserts: fixture(), deletes: [], history: [] });
    const page = await store.list({ scope, filter, limit: 100, includeInvalid: true });
    expect(page.records.map((record) => record.memory).sort()).toEqual([...expected].sort());
  });

  it("filters on search with the same semantics", async () => {
    const store = getStore();
    await store.write({ upserts: fixture(), deletes: [], history: [] });
    for (const [title, filter, expected] of conformanceFilters) {
      const candidates = await store.search({
        ...queryFor("apple banana gym dentist email zoo", scope, 50),
        filter,
        includeInvalid: true,
      });
      expect(candidates.map((candidate) => candidate.record.memory).sort(), title).toEqual(
        [...expected].sort(),
      );
    }
  });

  it("agrees with the reference evaluator on 150 random filters", async () => {
    const store = getStore();
    const records = fixture();
    await store.write({ upserts: records, deletes: [], history: [] });
    const stored = await listAll(store, scope, true);
    for (const filter of randomFilters(150)) {
      const expected = stored
        .filter((record) => matchesFilter(record, filter))
        .map((record) => record.id)
        .sort();
      const page = await store.list({ scope, filter, limit: 100, includeInvalid: true });
      expect(page.records.map((record) => record.id).sort(), JSON.stringify(filter)).toEqual(expected);
    }
  });
}
