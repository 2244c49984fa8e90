import { describe, expectTypeOf, it } from "vitest";
import type { Memory } from "../memory/memory.js";
import { createMemoryToolSpecs } from "./create-memory-tool-specs.js";

declare const memory: Memory;

/** A JSON value as frameworks such as LlamaIndex type tool results. */
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

describe("createMemoryToolSpecs types", () => {
  it("types each execute's input from its zod schema", () => {
    const specs = createMemoryToolSpecs({ memory, scope: { userId: "alice" } });
    expectTypeOf(specs.search.execute)
      .parameter(0)
      .toEqualTypeOf<{ query: string; limit?: number | undefined }>();
    expectTypeOf(specs.add.execute).parameter(0).toEqualTypeOf<{ memory: string }>();
    expectTypeOf(specs.update.execute).parameter(0).toEqualTypeOf<{ id: string; memory: string }>();
    expectTypeOf(specs.delete.execute).parameter(0).toEqualTypeOf<{ id: string }>();
  });

  it("returns JSON values, so frameworks that require them accept the results", () => {
    const specs = createMemoryToolSpecs({ memory, scope: { userId: "alice" } });
    expectTypeOf(specs.search.execute).returns.resolves.toExtend<JsonValue>();
    expectTypeOf(specs.add.execute).returns.resolves.toExtend<JsonValue>();
    expectTypeOf(specs.update.execute).returns.resolves.toExtend<JsonValue>();
    expectTypeOf(specs.delete.execute).returns.resolves.toExtend<JsonValue>();
  });

  it("requires a memory and a scope, and keeps the scope to scope fields", () => {
    // @ts-expect-error the scope is required
    createMemoryToolSpecs({ memory });
    // @ts-expect-error scope fields are camelCase
    createMemoryToolSpecs({ memory, scope: { user_id: "alice" } });
    // @ts-expect-error the scope comes from `scope`, not from addOptions
    createMemoryToolSpecs({ memory, scope: { userId: "alice" }, addOptions: { userId: "bob" } });
  });
});
