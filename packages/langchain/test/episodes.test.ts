import { createInMemoryStore, InvalidArgumentError, type MaintainReport, Memory } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent, fakeModel, tool } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEngramMiddleware } from "../src/index.js";
import { testMemory } from "./helpers.js";

const weather = tool(async ({ city }) => `Sunny in ${city}`, {
  name: "get_weather",
  description: "Weather for a city.",
  schema: z.object({ city: z.string() }),
});

const alice = { context: { userId: "alice" }, configurable: { thread_id: "t1" } };

async function episodes(memory: Memory, userId = "alice") {
  return (await memory.getAll({ userId })).results.filter((item) => item.type === "episode");
}

describe("createEngramMiddleware({ episodes })", () => {
  it("records each tool call of the turn with its result as an episode with role tool, once across turns", async () => {
    const memory = testMemory();
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Lisbon" }, id: "call-lisbon" }])
      .respond(new AIMessage("It is sunny in Lisbon."))
      .respondWithTools([{ name: "get_weather", args: { city: "Porto" }, id: "call-porto" }])
      .respond(new AIMessage("Sunny in Porto too."))
      .respond(new AIMessage("You're welcome."));
    const agent = createAgent({
      model,
      tools: [weather],
      middleware: [createEngramMiddleware({ memory, episodes: true, awaitWriteBack: true })],
      checkpointer: new MemorySaver(),
    });

    await agent.invoke({ messages: [new HumanMessage("Weather in Lisbon?")] }, alice);
    const [first, ...others] = await episodes(memory);
    expect(others).toEqual([]);
    expect(first!.memory).toBe('Called get_weather with {"city":"Lisbon"} → Sunny in Lisbon');
    expect(first!.sources[0]).toMatchObject({ role: "tool", name: "get_weather", runId: "t1" });
    expect(first!.metadata).toMatchObject({ toolCallId: "call-lisbon", event: "get_weather" });
    expect(first!.userId).toBe("alice");

    // The checkpointed thread resends the first turn's call: only the new one is recorded.
    await agent.invoke({ messages: [new HumanMessage("And in Porto?")] }, alice);
    await agent.invoke({ messages: [new HumanMessage("Thanks!")] }, alice);
    const recorded = (await episodes(memory)).map((item) => item.memory).sort();
    expect(recorded).toEqual([
      'Called get_weather with {"city":"Lisbon"} → Sunny in Lisbon',
      'Called get_weather with {"city":"Porto"} → Sunny in Porto',
    ]);
  });

  it("stores nothing extra when episodes is off (the default)", async () => {
    const run = async (episodesOn: boolean) => {
      const memory = testMemory();
      const model = fakeModel()
        .respondWithTools([{ name: "get_weather", args: { city: "Lisbon" } }])
        .respond(new AIMessage("Sunny."));
      const middleware = createEngramMiddleware({ memory, episodes: episodesOn, awaitWriteBack: true });
      await createAgent({ model, tools: [weather], middleware: [middleware] }).invoke(
        { messages: [new HumanMessage("I live in Lisbon. Weather?")] },
        { context: { userId: "alice" } },
      );
      return (await memory.getAll({ userId: "alice" })).results;
    };
    const off = await run(false);
    const on = await run(true);
    expect(off.map((item) => item.memory)).toEqual(["Lives in Lisbon"]);
    expect(off.some((item) => item.sources.some((source) => source.role === "tool"))).toBe(false);
    expect(on.map((item) => item.memory).sort()).toEqual([
      'Called get_weather with {"city":"Lisbon"} → Sunny in Lisbon',
      "Lives in Lisbon",
    ]);
  });

  it("records episodes with writeBack off, and not the calls of its own memory tools", async () => {
    const memory = testMemory();
    const model = fakeModel()
      .respondWithTools([
        { name: "search_memory", args: { query: "home city" } },
        { name: "get_weather", args: { city: "Oslo" } },
      ])
      .respond(new AIMessage("Sunny in Oslo."));
    const middleware = createEngramMiddleware({ memory, episodes: true, writeBack: false, tools: true });
    await createAgent({ model, tools: [weather], middleware: [middleware] }).invoke(
      { messages: [new HumanMessage("I live in Oslo. Weather at home?")] },
      { context: { userId: "alice" } },
    );
    await middleware.flush();
    expect((await memory.getAll({ userId: "alice" })).results.map((item) => item.memory)).toEqual([
      'Called get_weather with {"city":"Oslo"} → Sunny in Oslo',
    ]);
  });

  it("runs maintenance in the background after N writes per user (maintenance option)", async () => {
    let now = Date.parse("2025-01-01T00:00:00.000Z");
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createWinkEmbedder(),
      _internal: { now: () => new Date(now) },
    });
    const [stale] = (await memory.add("Visited Kyoto in spring", { userId: "alice", type: "episode" }))
      .results;
    now += 200 * 24 * 60 * 60 * 1000;
    const reports: MaintainReport[] = [];
    const middleware = createEngramMiddleware({
      memory,
      episodes: true,
      maintenance: {
        afterWrites: 3,
        archive: [{ unaccessedFor: "180d", types: ["episode"] }],
        onRun: (report) => reports.push(report),
      },
    });
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Rome" } }])
      .respond(new AIMessage("Sunny in Rome."))
      .respond(new AIMessage("Noted."));
    const agent = createAgent({ model, tools: [weather], middleware: [middleware] });
    // Turn 1: one episode and one turn write (2 writes); turn 2: one more write reaches 3.
    await agent.invoke(
      { messages: [new HumanMessage("Weather in Rome?")] },
      { context: { userId: "alice" } },
    );
    await middleware.flush();
    expect(reports).toEqual([]);
    await agent.invoke({ messages: [new HumanMessage("I work at Acme")] }, { context: { userId: "alice" } });
    await middleware.flush();
    expect(reports).toEqual([
      expect.objectContaining({ archived: [stale!.id], purged: 0, refused: 0, dryRun: false }),
    ]);
    expect((await memory.get(stale!.id, { userId: "alice" }))!.state).toBe("archived");
  });

  it("checks the new options", () => {
    const memory = testMemory();
    expect(() => createEngramMiddleware({ memory, episodes: "yes" as never })).toThrow(InvalidArgumentError);
    expect(() => createEngramMiddleware({ memory, maintenance: { afterWrites: 0 } })).toThrow(
      /options\.maintenance\.afterWrites/u,
    );
    expect(() =>
      createEngramMiddleware({ memory, maintenance: { afterWrites: 5, every: "1h" } as never }),
    ).toThrow(/options\.maintenance\.every/u);
  });
});
