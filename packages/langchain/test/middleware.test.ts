import { maxQueryLength } from "@engram/core";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent, fakeModel, tool } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createEngramMiddleware } from "../src/index.js";
import { gate, systemText, testMemory } from "./helpers.js";

const weather = tool(async ({ city }) => `Sunny in ${city}`, {
  name: "get_weather",
  description: "Weather for a city.",
  schema: z.object({ city: z.string() }),
});

describe("createEngramMiddleware inside createAgent", () => {
  it("injects the turn's memories into the system prompt without saving them in the thread", async () => {
    const memory = testMemory();
    await memory.add("Is vegetarian", { userId: "alice" });
    const model = fakeModel().respond(new AIMessage("How about a lentil curry?"));
    const agent = createAgent({
      model,
      systemPrompt: "You are a helpful cook.",
      middleware: [createEngramMiddleware({ memory, writeBack: false })],
      checkpointer: new MemorySaver(),
    });
    const result = await agent.invoke(
      { messages: [new HumanMessage("Suggest a vegetarian dinner")] },
      { context: { userId: "alice" }, configurable: { thread_id: "t1" } },
    );
    const system = systemText(model.calls[0]!.messages);
    expect(system).toContain("You are a helpful cook.");
    expect(system).toContain("- Is vegetarian");
    expect(result.messages.map((message) => message.text).join("\n")).not.toContain("Is vegetarian");
    const saved = await agent.graph.getState({ configurable: { thread_id: "t1" } });
    expect(system).toContain("<memories>");
    expect(JSON.stringify(saved.values)).not.toContain("<memories>");
  });

  it("searches a pasted document by its last maxQueryLength characters and still injects memories", async () => {
    const memory = testMemory();
    await memory.add("Is vegetarian", { userId: "alice" });
    const search = vi.spyOn(memory, "buildContext");
    const model = fakeModel().respond(new AIMessage("A lentil curry."));
    const agent = createAgent({ model, middleware: [createEngramMiddleware({ memory, writeBack: false })] });
    const pasted = `${"lorem ipsum ".repeat(4000)}Suggest a vegetarian dinner`;
    await agent.invoke({ messages: [new HumanMessage(pasted)] }, { context: { userId: "alice" } });
    expect(search.mock.calls[0]![0]).toBe(pasted.slice(-maxQueryLength));
    expect(systemText(model.calls[0]!.messages)).toContain("- Is vegetarian");
  });

  it("searches once per turn, not once per model step, in a tool-calling loop", async () => {
    const memory = testMemory();
    await memory.add("Lives in Lisbon", { userId: "alice" });
    const search = vi.spyOn(memory, "buildContext");
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Lisbon" } }])
      .respondWithTools([{ name: "get_weather", args: { city: "Porto" } }])
      .respond(new AIMessage("Sunny in both."))
      .respondWithTools([{ name: "get_weather", args: { city: "Faro" } }])
      .respond(new AIMessage("Sunny in Faro too."));
    const agent = createAgent({
      model,
      tools: [weather],
      middleware: [createEngramMiddleware({ memory, writeBack: false })],
    });
    const config = { context: { userId: "alice" } };
    await agent.invoke(
      { messages: [new HumanMessage("Weather where I live in Lisbon, and in Porto?")] },
      config,
    );
    expect(model.callCount).toBe(3);
    expect(search).toHaveBeenCalledTimes(1);
    for (const call of model.calls) expect(systemText(call.messages)).toContain("Lives in Lisbon");
    await agent.invoke({ messages: [new HumanMessage("And Faro near Lisbon?")] }, config);
    expect(model.callCount).toBe(5);
    expect(search).toHaveBeenCalledTimes(2);
  });

  it("keeps two users' memories apart: search, injection and write-back", async () => {
    const memory = testMemory();
    await memory.add("Is allergic to peanuts", { userId: "alice" });
    await memory.add("Is allergic to shellfish", { userId: "bob" });
    const model = fakeModel().respond(new AIMessage("Noted.")).respond(new AIMessage("Noted."));
    const middleware = createEngramMiddleware({ memory, awaitWriteBack: true });
    const agent = createAgent({ model, middleware: [middleware] });
    await agent.invoke(
      { messages: [new HumanMessage("Am I allergic to peanuts or shellfish? I live in Oslo")] },
      { context: { userId: "alice" } },
    );
    await agent.invoke(
      { messages: [new HumanMessage("Am I allergic to peanuts or shellfish? I live in Rome")] },
      { context: { userId: "bob" } },
    );
    const [aliceCall, bobCall] = model.calls;
    expect(systemText(aliceCall!.messages)).toContain("peanuts");
    expect(systemText(aliceCall!.messages)).not.toContain("shellfish");
    expect(systemText(bobCall!.messages)).toContain("shellfish");
    expect(systemText(bobCall!.messages)).not.toContain("peanuts");
    const alice = (await memory.getAll({ userId: "alice" })).results.map((item) => item.memory);
    const bob = (await memory.getAll({ userId: "bob" })).results.map((item) => item.memory);
    expect(alice).toContain("Lives in Oslo");
    expect(alice.join(" ")).not.toMatch(/Rome|shellfish/);
    expect(bob).toContain("Lives in Rome");
    expect(bob.join(" ")).not.toMatch(/Oslo|peanuts/);
  });

  it("writes the turn back in the background at user level with the thread as its source, and later threads recall it", async () => {
    const memory = testMemory();
    const middleware = createEngramMiddleware({ memory });
    const model = fakeModel()
      .respond(new AIMessage("Nice, Berlin is great."))
      .respond(
        (messages) =>
          new AIMessage(
            `You live: ${systemText(messages).includes("Lives in Berlin") ? "Berlin" : "unknown"}`,
          ),
      );
    const agent = createAgent({ model, middleware: [middleware], checkpointer: new MemorySaver() });
    await agent.invoke(
      { messages: [new HumanMessage("I live in Berlin")] },
      { context: { userId: "carol" }, configurable: { thread_id: "thread-1" } },
    );
    await middleware.flush();
    const [stored] = (await memory.getAll({ userId: "carol" })).results;
    expect(stored).toMatchObject({ memory: "Lives in Berlin", userId: "carol" });
    expect(stored!.runId).toBeUndefined();
    expect(stored!.sources).toEqual([expect.objectContaining({ role: "user", runId: "thread-1" })]);
    const answer = await agent.invoke(
      { messages: [new HumanMessage("Which city do I live in?")] },
      { context: { userId: "carol" }, configurable: { thread_id: "thread-2" } },
    );
    expect(answer.messages.at(-1)!.text).toBe("You live: Berlin");
  });

  it("does not delay the answer: the agent returns while the write-back is still running", async () => {
    const memory = testMemory();
    const held = gate();
    const add = memory.add.bind(memory);
    vi.spyOn(memory, "add").mockImplementation(async (...args) => {
      await held.promise;
      return add(...args);
    });
    const middleware = createEngramMiddleware({ memory });
    const agent = createAgent({
      model: fakeModel().respond(new AIMessage("Got it.")),
      middleware: [middleware],
    });
    const result = await agent.invoke(
      { messages: [new HumanMessage("I work at Acme")] },
      { context: { userId: "dan" } },
    );
    expect(result.messages.at(-1)!.text).toBe("Got it.");
    expect((await memory.getAll({ userId: "dan" })).results).toEqual([]);
    held.open();
    await middleware.flush();
    expect((await memory.getAll({ userId: "dan" })).results.map((item) => item.memory)).toEqual([
      "Works at Acme",
    ]);
  });

  it("reports search and write-back errors to onError and still answers", async () => {
    const memory = testMemory();
    vi.spyOn(memory, "buildContext").mockRejectedValueOnce(new Error("index offline"));
    vi.spyOn(memory, "add").mockRejectedValueOnce(new Error("disk full"));
    const errors: Array<[string, string]> = [];
    const middleware = createEngramMiddleware({
      memory,
      awaitWriteBack: true,
      onError: (error, phase) => errors.push([phase, (error as Error).message]),
    });
    const model = fakeModel().respond(new AIMessage("Still here."));
    const agent = createAgent({ model, systemPrompt: "Be brief.", middleware: [middleware] });
    const result = await agent.invoke(
      { messages: [new HumanMessage("I live in Paris")] },
      { context: { userId: "erin" } },
    );
    expect(result.messages.at(-1)!.text).toBe("Still here.");
    expect(systemText(model.calls[0]!.messages)).toBe("Be brief.");
    expect(errors).toEqual([
      ["search", "index offline"],
      ["write", "disk full"],
    ]);
  });

  it("fails clearly when the runtime names no user", async () => {
    const agent = createAgent({
      model: fakeModel().respond(new AIMessage("hi")),
      middleware: [createEngramMiddleware({ memory: testMemory() })],
    });
    await expect(agent.invoke({ messages: [new HumanMessage("hello")] })).rejects.toThrow(
      /context: \{ userId/,
    );
  });

  it("takes the scope from a custom resolver", async () => {
    const memory = testMemory();
    await memory.add("Prefers short answers", { userId: "tenant-7:frank" });
    const model = fakeModel().respond(new AIMessage("ok"));
    const middleware = createEngramMiddleware({
      memory,
      writeBack: false,
      contextSchema: z.object({ tenant: z.string(), user: z.string() }),
      scope: ({ context }) => ({
        userId: `${(context as { tenant: string }).tenant}:${(context as { user: string }).user}`,
      }),
    });
    await createAgent({ model, middleware: [middleware] }).invoke(
      { messages: [new HumanMessage("answers please, short")] },
      { context: { tenant: "tenant-7", user: "frank" } },
    );
    expect(systemText(model.calls[0]!.messages)).toContain("Prefers short answers");
  });
});
