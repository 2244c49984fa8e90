import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredMemory } from "../types.js";
import { InvalidArgumentError } from "../errors/index.js";
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
    [{ a: Number.NaN }, /options.filters.a: expected a finite number/],
    [{ a: { $in: [1, Number.POSITIVE_INFINITY] } }, /options.filters.a.\$in\[1\]: expected a finite number/],
    [{ a: { $eq: undefined } }, /options.filters.a.\$eq: expected a JSON value/],
    [{ a: { $eq: 1, b: 2 } }, /mixes operators and plain keys/],
  ])("rejects %j", (filter, message) => {
    expect(() => validateFilter(filter)).toThrow(message);
  });

  it("rejects values that are not JSON, and filters too deep or too large, with an InvalidArgumentError", () => {
    let deep: unknown = { a: 1 };
    for (let index = 0; index < 10_000; index++) deep = { $or: [deep] };
    const cycle: Record<string, unknown> = {};
    cycle.a = cycle;
    const cases: Array<[unknown, RegExp]> = [
      [deep, /a filter may be nested at most 32 levels deep/],
      [{ a: { $in: Array.from({ length: 10_001 }, (_, index) => index) } }, /too large|at most 10000/],
      [{ a: 1n }, /expected a JSON value .*BigInt 1n/],
      [{ a: Symbol("s") }, /expected a JSON value .*a symbol/],
      [{ a: () => 1 }, /expected a JSON value .*a function/],
      [{ a: new Date(0) }, /a Date \(pass it as an ISO string\)/],
      [{ a: new Map() }, /expected a JSON value/],
      [cycle, /a cycle/],
    ];
    for (const [filter, message] of cases) {
      let error: unknown;
      try {
        validateFilter(filter);
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it("returns a plain copy, read once", () => {
    let reads = 0;
    const filter = Object.defineProperty({}, "topic", {
      enumerable: true,
      get: () => (reads++ === 0 ? "food" : { $exists: false }),
    });
    const checked = validateFilter(filter);
    expect(checked).toEqual({ topic: "food" });
    expect(checked.topic).toBe("food");
    expect(reads).toBe(1);
  });
});

describe("matchesFilter", () => {
  it("reads own metadata only: prototype names are absent unless the memory has them", () => {
    const plain = item({ topic: "food", nested: { level: 2 } });
    for (const field of [
      "constructor",
      "toString",
      "__proto__",
      "hasOwnProperty",
      "nested.constructor",
      "metadata.valueOf",
    ]) {
      expect(matchesFilter(plain, { [field]: { $exists: true } }), field).toBe(false);
      expect(matchesFilter(plain, { [field]: { $exists: false } }), field).toBe(true);
      expect(matchesFilter(plain, { [field]: { $ne: "x" } }), field).toBe(true);
    }
    const own = item(JSON.parse('{"constructor": "own", "nested": {"toString": 1}}'));
    expect(matchesFilter(own, { constructor: "own" })).toBe(true);
    expect(matchesFilter(own, { "nested.toString": 1 })).toBe(true);
    expect(jsonEquals({ toString: 1 } as never, { valueOf: 1 } as never)).toBe(false);
  });

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
