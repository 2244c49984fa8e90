import { describe, expectTypeOf, it } from "vitest";
import type { HistoryEntry, MemoryItem, ScoredMemoryItem } from "../types.js";
import type { Memory } from "./memory.js";
import type { AddResult, GetAllResult, SearchOptions } from "./memory-options.js";

describe("Memory API types", () => {
  it("returns the documented shapes", () => {
    expectTypeOf<Memory["add"]>().returns.resolves.toEqualTypeOf<AddResult>();
    expectTypeOf<Awaited<ReturnType<Memory["search"]>>["results"]>().toEqualTypeOf<ScoredMemoryItem[]>();
    expectTypeOf<Memory["get"]>().returns.resolves.toEqualTypeOf<MemoryItem | null>();
    expectTypeOf<Memory["getAll"]>().returns.resolves.toEqualTypeOf<GetAllResult>();
    expectTypeOf<Memory["history"]>().returns.resolves.toEqualTypeOf<HistoryEntry[]>();
    expectTypeOf<AddResult["results"][number]["event"]>().toEqualTypeOf<
      "ADD" | "UPDATE" | "DELETE" | "NONE"
    >();
  });

  it("uses camelCase scope options everywhere", () => {
    expectTypeOf<SearchOptions>().toHaveProperty("userId");
    // @ts-expect-error snake_case scope keys are not options
    const options: SearchOptions = { user_id: "alice" };
    void options;
  });
});
