import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredMemory } from "../types.js";
import { jsonEquals, matchesFilter, validateFilter } from "./index.js";

const item = (metadata: StoredMemory["metadata"]): StoredMemory => ({
  id: "1",
  version: 1,
  memory: "m",
  type: "fact",
  hash: "h",
  metadata,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  sources: [],
  validFrom: "2025-01-01T00:00:00.000Z",
  validTo: null,
});

describe("validateFilter", () => {
  it.each([
    [[], /options.filters: expected an object/],
    [{ $and: [] }, /options.filters.\$and: expected a non-empty array/],
    [{ $xor: [{}] }, /unknown logical operator/],
    [{ a: { $in: 3 } }, /options.filters.a.\$in: expected an array/],
    [{ a: { $exists: "yes" } }, /expected true or false/],
    [{ a: { $gt: [1] } }, /expected a number or a string/],
    [{ $or: [{ a: { $bad: 1 } }] }, /options.filters.\$or\[0\].a.\$bad: unknown operator/],
    [{ userId: "x" }, /scope is not a filter/],
  ])("rejects %j", (filter, message) => {
    expect(() => validateFilter(filter)).toThrow(message);
  });
});

describe("matchesFilter", () => {
  it("treats $not as the exact complement of its filter", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom("a", "b", "c"),
          fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)),
        ),
        fc.constantFrom("a", "b", "c"),
        fc.integer({ min: 0, max: 3 }),
        (metadata, key, value) => {
          const filter = { [key]: { $gte: value } };
          expect(matchesFilter(item(metadata), { $not: filter })).toBe(
            !matchesFilter(item(metadata), filter),
          );
        },
      ),
    );
  });

  it("$in is equivalent to an $or of equalities, $nin to its negation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
        (value, options) => {
          const target = item({ a: value });
          const asOr = matchesFilter(target, { $or: options.map((option) => ({ a: option })) });
          expect(matchesFilter(target, { a: { $in: options } })).toBe(asOr);
          expect(matchesFilter(target, { a: { $nin: options } })).toBe(!asOr);
        },
      ),
    );
  });

  it("compares JSON deeply regardless of key order", () => {
    expect(jsonEquals({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(matchesFilter(item({ o: { x: 1, y: 2 } }), { o: { y: 2, x: 1 } })).toBe(true);
  });
});
