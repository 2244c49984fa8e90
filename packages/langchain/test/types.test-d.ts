import type { Memory } from "@engram/core";
import { HumanMessage } from "@langchain/core/messages";
import { type AgentMiddleware, createAgent, fakeModel } from "langchain";
import { describe, expectTypeOf, it } from "vitest";
import { createEngramMiddleware, EngramRetriever } from "../src/index.js";

declare const memory: Memory;

describe("public types", () => {
  it("gives createAgent a middleware whose context fields are typed", () => {
    const middleware = createEngramMiddleware({ memory });
    expectTypeOf(middleware).toMatchTypeOf<AgentMiddleware>();
    expectTypeOf(middleware.flush).returns.resolves.toBeVoid();
    const agent = createAgent({ model: fakeModel(), middleware: [middleware] });
    void agent.invoke({ messages: [new HumanMessage("hi")] }, { context: { userId: "alice" } });
    // @ts-expect-error userId must be a string
    void agent.invoke({ messages: [new HumanMessage("hi")] }, { context: { userId: 42 } });
  });

  it("makes the retriever a LangChain retriever of Documents", () => {
    const retriever = new EngramRetriever({ memory, userId: "alice" });
    expectTypeOf(retriever.invoke("q")).resolves.items.toHaveProperty("pageContent").toBeString();
  });
});
