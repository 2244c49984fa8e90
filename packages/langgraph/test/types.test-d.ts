import type { Memory } from "@engram/core";
import type { BaseStore } from "@langchain/langgraph-checkpoint";
import { describe, expectTypeOf, it } from "vitest";
import { createEngramStore, createMemoryNode, type EngramStore } from "../src/index.js";

declare const memory: Memory;

describe("public types", () => {
  it("is a LangGraph BaseStore", () => {
    expectTypeOf(createEngramStore({ memory })).toMatchTypeOf<BaseStore>();
    // @ts-expect-error namespace labels map to scope fields by position
    createEngramStore({ memory, namespaceScope: { userId: "0" } });
  });

  it("creates a node with flush()", () => {
    const node = createMemoryNode({ store: {} as EngramStore });
    expectTypeOf(node.flush).returns.resolves.toBeVoid();
    expectTypeOf(node).parameter(0).toEqualTypeOf<Record<string, unknown>>();
  });
});
