import type { Memory } from "@engram/core";
import type { LanguageModelMiddleware, ToolSet } from "ai";
import { describe, expectTypeOf, it } from "vitest";
import { engramMiddleware, engramTools } from "./index.js";

declare const memory: Memory;

describe("public types", () => {
  it("engramMiddleware returns a LanguageModelMiddleware with flush()", () => {
    const middleware = engramMiddleware({ memory });
    expectTypeOf(middleware).toExtend<LanguageModelMiddleware>();
    expectTypeOf(middleware.flush).returns.toEqualTypeOf<Promise<void>>();
  });

  it("accepts a scope object or a resolver, and rejects unknown scope fields", () => {
    engramMiddleware({ memory, scope: { userId: "alice" } });
    engramMiddleware({ memory, scope: (params) => ({ userId: String(params.headers?.["x-user-id"]) }) });
    // @ts-expect-error scope fields are camelCase
    engramMiddleware({ memory, scope: { user_id: "alice" } });
    // @ts-expect-error the scope of a write-back comes from the request, not from addOptions
    engramMiddleware({ memory, addOptions: { userId: "alice" } });
  });

  it("engramTools returns a ToolSet whose tools take typed input", () => {
    const tools = engramTools({ memory, userId: "alice" });
    expectTypeOf(tools).toExtend<ToolSet>();
    expectTypeOf(tools.searchMemories.execute!)
      .parameter(0)
      .toEqualTypeOf<{ query: string; limit?: number | undefined }>();
    expectTypeOf(tools.deleteMemory.execute!).parameter(0).toEqualTypeOf<{ id: string }>();
  });
});
