import {
  createHashingEmbedder,
  createInMemoryStore,
  InvalidArgumentError,
  type MaintainReport,
  Memory,
} from "@engram/core";
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { MemorySaver, MessagesAnnotation, StateGraph } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { fakeModel, tool } from "langchain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createMemoryNode, type MemoryNode } from "../src/index.js";
import { testMemory, testStore } from "./helpers.js";

const weather = tool(async ({ city }) => `Sunny in ${city}`, {
  name: "get_weather",
  description: "Weather for a city.",
  schema: z.object({ city: z.string() }),
});

/** A tool-calling agent graph: agent ⇄ tools, then the memory node once the agent answers. */
function agentGraph(
  model: ReturnType<typeof fakeModel>,
  node: MemoryNode,
  store: ReturnType<typeof testStore>,
) {
  const bound = model.bindTools([weather]);
  return new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state) => ({ messages: [await bound.invoke(state.messages)] }))
    .addNode("tools", new ToolNode([weather]))
    .addNode("remember", node)
    .addEdge("__start__", "agent")
    .addConditionalEdges("agent", toolsCondition, { tools: "tools", __end__: "remember" })
    .addEdge("tools", "agent")
    .addEdge("remember", "__end__")
    .compile({ store, checkpointer: new MemorySaver() });
}

const config = { context: { userId: "alice" }, configurable: { thread_id: "t1" } };

async function episodeTexts(memory: Memory) {
  return (await memory.getAll({ userId: "alice" })).results
    .filter((item) => item.sources[0]?.role === "tool")
    .map((item) => item.memory)
    .sort();
}

describe("createMemoryNode({ episodes })", () => {
  it("records the turn's tool calls with their results as episodes, once, even when select resends history", async () => {
    const memory = testMemory();
    const store = testStore({}, memory);
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Lisbon" }, id: "call-1" }])
      .respond(new AIMessage("Sunny in Lisbon."))
      .respondWithTools([{ name: "get_weather", args: { city: "Porto" }, id: "call-2" }])
      .respond(new AIMessage("Sunny in Porto."));
    // The whole thread is selected on purpose: call-1 is in the state again on the second turn.
    const node = createMemoryNode({ store, episodes: true, select: (messages: BaseMessage[]) => messages });
    const graph = agentGraph(model, node, store);

    await graph.invoke({ messages: [new HumanMessage("Weather in Lisbon?")] }, config);
    const [episode] = (await memory.getAll({ userId: "alice" })).results.filter(
      (item) => item.type === "episode",
    );
    expect(episode!.memory).toBe('Called get_weather with {"city":"Lisbon"} → Sunny in Lisbon');
    expect(episode!.sources[0]).toMatchObject({ role: "tool", name: "get_weather" });
    expect(episode!.metadata).toMatchObject({ toolCallId: "call-1" });
    expect((await memory.history(episode!.id, { userId: "alice" }))[0]).toMatchObject({
      actor: "langgraph-memory-node",
    });
    // Tagged with the namespace, so it is an item of the store too.
    const items = await store.search(["alice", "memories"], { query: "weather Lisbon" });
    expect(items.map((item) => item.value.content)).toContain(episode!.memory);

    await graph.invoke({ messages: [new HumanMessage("And in Porto?")] }, config);
    expect(await episodeTexts(memory)).toEqual([
      'Called get_weather with {"city":"Lisbon"} → Sunny in Lisbon',
      'Called get_weather with {"city":"Porto"} → Sunny in Porto',
    ]);
  });

  it("stores nothing extra without episodes (the default)", async () => {
    const memory = testMemory();
    const store = testStore({}, memory);
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Lisbon" } }])
      .respond(new AIMessage("Sunny in Lisbon."));
    await agentGraph(model, createMemoryNode({ store }), store).invoke(
      { messages: [new HumanMessage("I live in Lisbon. Weather?")] },
      config,
    );
    const stored = (await memory.getAll({ userId: "alice" })).results;
    expect(stored.map((item) => item.memory)).toEqual(["Lives in Lisbon"]);
    expect(await episodeTexts(memory)).toEqual([]);
  });

  it("runs maintenance in the background after N writes (maintenance option)", async () => {
    let now = Date.parse("2025-01-01T00:00:00.000Z");
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      _internal: { now: () => new Date(now) },
    });
    const store = testStore({}, memory);
    await store.put(["alice", "memories"], "old-trip", { text: "Visited Kyoto in spring" });
    const [stale] = (await memory.getAll({ userId: "alice" })).results;
    now += 200 * 24 * 60 * 60 * 1000;
    const reports: MaintainReport[] = [];
    const node = createMemoryNode({
      store,
      episodes: true,
      background: true,
      maintenance: { afterWrites: 2, archive: [{ unaccessedFor: "180d" }], onRun: (r) => reports.push(r) },
    });
    const model = fakeModel()
      .respondWithTools([{ name: "get_weather", args: { city: "Rome" } }])
      .respond(new AIMessage("Sunny in Rome."));
    // One episode and one extraction: two writes in the node's scope.
    await agentGraph(model, node, store).invoke({ messages: [new HumanMessage("Weather in Rome?")] }, config);
    await node.flush();
    expect(reports).toEqual([
      expect.objectContaining({ archived: [stale!.id], purged: 0, refused: 0, dryRun: false }),
    ]);
    expect((await memory.get(stale!.id, { userId: "alice" }))!.state).toBe("archived");
  });

  it("checks the new options", () => {
    const store = testStore();
    expect(() => createMemoryNode({ store, episodes: 1 as never })).toThrow(InvalidArgumentError);
    expect(() => createMemoryNode({ store, maintenance: { afterWrites: 2.5 } })).toThrow(
      /options\.maintenance\.afterWrites/u,
    );
  });
});
