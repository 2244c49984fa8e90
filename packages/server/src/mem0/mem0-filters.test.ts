import { describe, expect, it } from "vitest";
import { translateMem0Filters } from "./mem0-filters.js";
import { readMem0Selection } from "./mem0-request.js";

describe("translateMem0Filters", () => {
  it("turns exact entities into the scope and the rest into an Engram filter", () => {
    expect(
      translateMem0Filters({
        AND: [
          { user_id: "alice" },
          { agent_id: "planner" },
          { created_at: { gte: "2026-01-01", lt: "2027-01-01" } },
          { metadata: { topic: "food", rating: { gt: 3 } } },
        ],
      }),
    ).toEqual({
      scope: { userId: "alice", agentId: "planner" },
      filter: {
        $and: [
          { createdAt: { $gte: "2026-01-01", $lt: "2027-01-01" } },
          { "metadata.topic": "food" },
          { "metadata.rating": { $gt: 3 } },
        ],
      },
    });
  });

  it("translates OR, NOT, categories, memory_ids and the wildcard", () => {
    expect(
      translateMem0Filters({
        user_id: "alice",
        run_id: "*",
        OR: [{ categories: { in: ["fact", "preference"] } }, { memory_ids: ["m1"] }],
        NOT: { metadata: { topic: "*" } },
      }),
    ).toEqual({
      scope: { userId: "alice" },
      filter: {
        $and: [
          { $or: [{ type: { $in: ["fact", "preference"] } }, { id: { $in: ["m1"] } }] },
          { $not: { "metadata.topic": { $exists: true } } },
        ],
      },
    });
    expect(translateMem0Filters({ categories: { contains: "fact" } }).filter).toEqual({ type: "fact" });
    expect(translateMem0Filters(undefined)).toEqual({ scope: {} });
  });

  it("refuses what Engram cannot express, naming where", () => {
    const cases: Array<[unknown, string]> = [
      [{ app_id: "a" }, "filters.app_id"],
      [{ OR: [{ user_id: "alice" }, { user_id: "bob" }] }, "filters.OR.0.user_id"],
      [{ user_id: { in: ["alice", "bob"] } }, "filters.user_id"],
      [{ AND: [{ user_id: "alice" }, { user_id: "bob" }] }, "filters.AND.1.user_id"],
      [{ keywords: { icontains: "x" } }, "filters.keywords.icontains"],
      [{ created_at: { near: "x" } }, "filters.created_at.near"],
      [{ colour: "red" }, "filters.colour"],
      [["not", "an", "object"], "filters"],
    ];
    for (const [filters, argument] of cases) {
      expect(() => translateMem0Filters(filters), argument).toThrow(
        expect.objectContaining({ details: { argument } }),
      );
    }
  });
});

describe("readMem0Selection", () => {
  it("adds top-level entities, metadata, categories and dates, and refuses disagreeing entities", () => {
    expect(
      readMem0Selection({
        user_id: "alice",
        filters: { agent_id: "planner" },
        metadata: { topic: "food" },
        categories: ["fact"],
        end_date: "2027-01-01",
      }),
    ).toEqual({
      scope: { userId: "alice", agentId: "planner" },
      filter: {
        $and: [
          { $and: [{ "metadata.topic": "food" }, { type: { $in: ["fact"] } }] },
          { createdAt: { $lte: "2027-01-01" } },
        ],
      },
    });
    expect(() => readMem0Selection({ user_id: "alice", filters: { user_id: "bob" } })).toThrow(/different/);
    expect(readMem0Selection({ session_id: "s1" })).toEqual({ scope: { runId: "s1" } });
  });
});
