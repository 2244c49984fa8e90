import type { Memory as EngramMemory } from "@engram/core";
import type { BaseToolWithCall } from "@llamaindex/core/llms";
import { type BaseMemoryBlock, createMemory, type Memory } from "@llamaindex/core/memory";
import { agent } from "@llamaindex/workflow";
import { describe, expectTypeOf, it } from "vitest";
import { createEngramMemory, EngramMemoryBlock, engramTools } from "./index.js";

declare const engram: EngramMemory;

describe("public types", () => {
  it("createEngramMemory returns a LlamaIndex Memory that agent() accepts", () => {
    const memory = createEngramMemory({ memory: engram, scope: { userId: "alice" } });
    expectTypeOf(memory).toExtend<Memory>();
    expectTypeOf(memory.flush).returns.toEqualTypeOf<Promise<void>>();
    agent({ memory });
  });

  it("EngramMemoryBlock is a memory block for createMemory()", () => {
    const block = new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" } });
    expectTypeOf(block).toExtend<BaseMemoryBlock>();
    createMemory({ memoryBlocks: [block] });
    // @ts-expect-error the scope is required
    new EngramMemoryBlock({ memory: engram });
  });

  it("engramTools returns tools that agent() accepts", () => {
    const tools = engramTools({ memory: engram, userId: "alice" });
    expectTypeOf(tools).toExtend<BaseToolWithCall[]>();
    agent({ tools });
  });
});
