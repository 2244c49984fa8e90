import { InvalidArgumentError } from "@engram/core";
import { makeRecord } from "@engram/core/testing";
import { describe, expect, it } from "vitest";
import { resolveOptions } from "./chroma-store-options.js";
import { decodeRecord, encodeRecord, indexRecord } from "./record-codec.js";

const limits = resolveOptions().limits;

describe("record codec", () => {
  it("round-trips a record through the document and the vector", () => {
    const record = makeRecord(
      "Lives in Lisbon",
      { userId: "u1", runId: "r" },
      { metadata: { a: { b: [1, 2] } }, slot: "city" },
    );
    const encoded = encodeRecord(record, "batch-1", limits);
    expect(decodeRecord(encoded.document, encoded.embedding)).toEqual(record);
  });

  it("indexes only own metadata keys: prototype names are ordinary keys and never inherited", () => {
    const own = makeRecord(
      "x",
      { userId: "u1" },
      { metadata: { constructor: "own", nested: { toString: 3 } } },
    );
    expect(indexRecord(own, "batch-1", limits)).toMatchObject({
      "m.constructor": "own",
      "m.nested.toString": 3,
    });
    const none = indexRecord(
      makeRecord("y", { userId: "u1" }, { metadata: { nested: {} } }),
      "batch-1",
      limits,
    );
    expect(Object.keys(none).filter((key) => /constructor|toString|__proto__/u.test(key))).toEqual([]);
  });

  it("indexes scope, built-ins and scalar metadata paths, reading dotted paths like core's filters do", () => {
    const record = makeRecord(
      "x",
      { userId: "u1" },
      {
        metadata: {
          topic: "food",
          rating: 4.5,
          flag: true,
          tags: ["a"],
          note: null,
          nested: { level: 2 },
          "nested.level": 7,
        },
      },
    );
    const metadata = indexRecord(record, "batch-1", limits);
    expect(metadata).toMatchObject({
      user_id: "u1",
      type: "fact",
      hash: record.hash,
      created_at: Date.parse(record.createdAt),
      valid_to: Date.UTC(10_000, 0, 1),
      batch: "batch-1",
      exact: true,
      "m.topic": "food",
      "m.rating": 4.5,
      "m.flag": true,
      "m.nested.level": 7, // the literal dotted key wins, as in readFilterField
    });
    expect(
      Object.keys(metadata).some((key) => key === "m.tags" || key === "m.note" || key === "m.nested"),
    ).toBe(false);
  });

  it("marks records inexact when a value cannot be indexed, so where clauses never drop them", () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`k${index}`, index]));
    expect(indexRecord(makeRecord("x", { userId: "u" }, { metadata: many }), "b", limits).exact).toBe(false);
    expect(
      Object.keys(indexRecord(makeRecord("x", { userId: "u" }, { metadata: many }), "b", limits)).length,
    ).toBe(32);
    expect(
      indexRecord(makeRecord("x", { userId: "u" }, { metadata: { big: 2 ** 60 } }), "b", limits).exact,
    ).toBe(false);
    expect(
      indexRecord(makeRecord("x", { userId: "u" }, { metadata: { [`${"k".repeat(40)}`]: 1 } }), "b", limits)
        .exact,
    ).toBe(false);
    expect(
      indexRecord(makeRecord("x", { userId: "u" }, { createdAt: "2025-01-01T00:00:00Z" }), "b", limits).exact,
    ).toBe(false);
  });

  it("refuses a record larger than a Chroma document before anything is written", () => {
    const record = { ...makeRecord("y", { userId: "u" }), memory: "y".repeat(20_000) };
    expect(() => encodeRecord(record, "b", limits)).toThrow(InvalidArgumentError);
    expect(() => encodeRecord(record, "b", limits)).toThrow(/limits.maxDocumentBytes/);
  });
});
