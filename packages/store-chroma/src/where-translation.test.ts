import { describe, expect, it } from "vitest";
import { resolveOptions } from "./chroma-store-options.js";
import { buildWhere } from "./query-where.js";
import { predicateCount, translateFilter } from "./where-translation.js";

const limits = resolveOptions().limits;
const now = "2025-06-01T00:00:00.000Z";
const nowMs = Date.parse(now);

describe("translateFilter", () => {
  it("pushes equality, membership and numeric ranges on metadata paths", () => {
    expect(translateFilter({ topic: "food" }, limits)).toEqual({ "m.topic": { $eq: "food" } });
    expect(translateFilter({ "metadata.topic": { $eq: 3 } }, limits)).toEqual({ "m.topic": { $eq: 3 } });
    expect(translateFilter({ rating: { $gt: 1, $lte: 5 } }, limits)).toEqual({
      $and: [{ "m.rating": { $gt: 1 } }, { "m.rating": { $lte: 5 } }],
    });
    expect(translateFilter({ "nested.level": 2 }, limits)).toEqual({ "m.nested.level": { $eq: 2 } });
  });

  it("splits $in lists by type, because Chroma needs one type per list", () => {
    expect(translateFilter({ city: { $in: ["Porto", 3, "Berlin"] } }, limits)).toEqual({
      $or: [{ "m.city": { $in: ["Porto", "Berlin"] } }, { "m.city": { $in: [3] } }],
    });
  });

  it("treats prototype-named fields as ordinary metadata keys, never as built-ins or inherited values", () => {
    expect(translateFilter({ constructor: "own" }, limits)).toEqual({ "m.constructor": { $eq: "own" } });
    expect(translateFilter({ toString: { $in: ["a", "b"] } }, limits)).toEqual({
      "m.toString": { $in: ["a", "b"] },
    });
    expect(translateFilter({ ["__proto__"]: 1 }, limits)).toEqual({ "m.__proto__": { $eq: 1 } });
    expect(translateFilter({ "metadata.hasOwnProperty": 2 }, limits)).toEqual({
      "m.hasOwnProperty": { $eq: 2 },
    });
    // $exists runs on our side (core's matchesFilter reads own properties only).
    expect(translateFilter({ valueOf: { $exists: true } }, limits)).toBe(true);
  });

  it("keeps on our side what Chroma cannot express exactly", () => {
    // $ne/$nin hold for missing fields, and metadata keys can linger in Chroma after an update removed them.
    expect(translateFilter({ topic: { $ne: "food" } }, limits)).toBe(true);
    expect(translateFilter({ topic: { $nin: ["food"] } }, limits)).toBe(true);
    expect(translateFilter({ tags: { $exists: true } }, limits)).toBe(true);
    expect(translateFilter({ tags: { $contains: "red" } }, limits)).toBe(true);
    expect(translateFilter({ $not: { topic: "food" } }, limits)).toBe(true);
    expect(translateFilter({ tags: ["fruit"] }, limits)).toBe(true); // array equality
    expect(translateFilter({ note: null }, limits)).toBe(true);
    expect(translateFilter({ city: { $gt: "A" } }, limits)).toBe(true); // Chroma orders numbers only
    expect(translateFilter({ memory: "x" }, limits)).toBe(true);
    expect(translateFilter({ id: "x" }, limits)).toBe(true);
    expect(translateFilter({ city: { $in: ["Lisbon", null] } }, limits)).toBe(true);
    expect(translateFilter({ [`${"k".repeat(40)}`]: 1 }, limits)).toBe(true); // key longer than Chroma allows
  });

  it("drops a whole $or when one branch cannot run in Chroma, but keeps the rest of an $and", () => {
    expect(translateFilter({ $or: [{ topic: "food" }, { $not: { city: "x" } }] }, limits)).toBe(true);
    expect(translateFilter({ $and: [{ topic: "food" }, { $not: { city: "x" } }] }, limits)).toEqual({
      "m.topic": { $eq: "food" },
    });
  });

  it("pushes $ne and $nin on built-in fields, which every record has, and compares canonical dates as ms", () => {
    expect(translateFilter({ type: { $nin: ["episode", "fact"] } }, limits)).toEqual({
      type: { $nin: ["episode", "fact"] },
    });
    expect(translateFilter({ hash: { $ne: "abc" } }, limits)).toEqual({ hash: { $ne: "abc" } });
    expect(translateFilter({ createdAt: { $lt: "2025-01-01T00:00:00.000Z" } }, limits)).toEqual({
      created_at: { $lt: Date.parse("2025-01-01T00:00:00.000Z") },
    });
    expect(translateFilter({ createdAt: { $lt: "2025-01-01" } }, limits)).toBe(true); // not canonical: string order differs
    expect(translateFilter({ slot: { $ne: "city" } }, limits)).toBe(true); // optional: may be missing or stale
  });
});

describe("buildWhere", () => {
  it("always keeps the scope outside the part that inexact records bypass", () => {
    const where = buildWhere({ scope: { userId: "u1", runId: "r" }, filter: { topic: "food" }, now }, limits);
    expect(where).toEqual({
      $and: [
        { user_id: "u1" },
        { run_id: "r" },
        {
          $or: [
            { exact: false },
            {
              $and: [
                { "m.topic": { $eq: "food" } },
                { valid_from: { $lte: nowMs } },
                { valid_to: { $gt: nowMs } },
              ],
            },
          ],
        },
      ],
    });
  });

  it("stays within the predicate budget by leaving conditions to our side", () => {
    const filter = { $and: [{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }, { e: 5 }, { f: 6 }] };
    const where = buildWhere({ scope: { userId: "u1" }, filter, now }, { ...limits, maxWherePredicates: 5 });
    expect(predicateCount(where as Record<string, unknown>)).toBe(5);
    expect(JSON.stringify(where)).toContain('"m.a"');
    expect(JSON.stringify(where)).not.toContain("valid_from");
  });

  it("needs no clause for an unscoped, unfiltered read of every validity", () => {
    expect(buildWhere({ scope: null, includeInvalid: true, now }, limits)).toBeUndefined();
    expect(buildWhere({ scope: { agentId: "a" }, includeInvalid: true, now }, limits)).toEqual({
      agent_id: "a",
    });
  });

  it("narrows list pages by the cursor's creation time", () => {
    const where = buildWhere(
      { scope: { userId: "u" }, includeInvalid: true, createdAtMost: now, now },
      limits,
    );
    expect(where).toEqual({
      $and: [{ user_id: "u" }, { $or: [{ exact: false }, { created_at: { $lte: nowMs } }] }],
    });
  });
});
