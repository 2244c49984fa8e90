import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { type BaseStore, getStore, MessagesAnnotation, StateGraph } from "@langchain/langgraph";
import { createAgent, fakeModel, type ToolRuntime, tool } from "langchain";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createMemoryNode } from "../src/index.js";
import { testMemory, testStore } from "./helpers.js";

const userOf = (config: { context?: unknown; configurable?: Record<string, unknown> }) =>
  String((config.context as { userId?: string } | undefined)?.userId ?? config.configurable?.userId);

describe("EngramStore inside a compiled graph (batch() only)", () => {
  it("serves put, get and search from nodes via config.store and getStore()", async () => {
    const store = testStore({ index: { fields: ["text"] } });
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("save", async (state, config) => {
        const userId = userOf(config);
        const text = state.messages.at(-1)!.text;
        await config.store!.put([userId, "notes"], text.replaceAll(" ", "-"), { text });
        return {};
      })
      .addNode("recall", async (state, config) => {
        const userId = userOf(config);
        const found = await getStore()!.search([userId, "notes"], {
          query: state.messages.at(-1)!.text,
          limit: 3,
        });
        const exact = await getStore()!.get(
          [userId, "notes"],
          state.messages.at(-1)!.text.replaceAll(" ", "-"),
        );
        return {
          messages: [
            new AIMessage(
              `recalled: ${found.map((item) => item.value.text).join(" | ")}; exact: ${exact?.value.text}`,
            ),
          ],
        };
      })
      .addEdge("__start__", "save")
      .addEdge("save", "recall")
      .compile({ store });

    await graph.invoke(
      { messages: [new HumanMessage("my cat is called Miso")] },
      { context: { userId: "alice" } },
    );
    const result = await graph.invoke(
      { messages: [new HumanMessage("what is my cat called")] },
      { context: { userId: "alice" } },
    );
    expect(result.messages.at(-1)!.text).toContain("my cat is called Miso");
    expect(result.messages.at(-1)!.text).toContain("exact: what is my cat called");

    const bob = await graph.invoke(
      { messages: [new HumanMessage("what is my cat called")] },
      { context: { userId: "bob" } },
    );
    expect(bob.messages.at(-1)!.text).not.toContain("Miso");
    expect((await store.search(["alice", "notes"])).length).toBe(2);
  });

  it("lets createAgent tools read and write through runtime.store", async () => {
    const store = testStore({ index: { fields: ["text"] } });
    const saveNote = tool(
      async ({ text }, runtime: ToolRuntime<unknown, { userId: string }>) => {
        // ToolRuntime types `store` as @langchain/core's key-value store; at runtime it is LangGraph's store.
        const graphStore = runtime.store as unknown as BaseStore;
        await graphStore.put([String(runtime.context.userId), "notes"], text.split(" ").join("-"), { text });
        return "saved";
      },
      { name: "save_note", description: "Save a note.", schema: z.object({ text: z.string() }) },
    );
    const findNotes = tool(
      async ({ query }, runtime: ToolRuntime<unknown, { userId: string }>) => {
        const graphStore = runtime.store as unknown as BaseStore;
        const items = await graphStore.search([String(runtime.context.userId), "notes"], { query });
        return items.map((item) => item.value.text).join("\n") || "nothing";
      },
      { name: "find_notes", description: "Search notes.", schema: z.object({ query: z.string() }) },
    );
    const model = fakeModel()
      .respondWithTools([{ name: "save_note", args: { text: "allergic to peanuts" } }])
      .respond(new AIMessage("Saved it."))
      .respondWithTools([{ name: "find_notes", args: { query: "peanuts allergy" } }])
      .respond((messages) => new AIMessage(`You told me: ${messages.at(-1)!.text}`));
    const agent = createAgent({
      model,
      tools: [saveNote, findNotes],
      store,
      contextSchema: z.object({ userId: z.string() }),
    });

    await agent.invoke(
      { messages: [new HumanMessage("remember I am allergic to peanuts")] },
      { context: { userId: "alice" } },
    );
    expect((await store.get(["alice", "notes"], "allergic-to-peanuts"))?.value).toEqual({
      text: "allergic to peanuts",
    });
    const answer = await agent.invoke(
      { messages: [new HumanMessage("what am I allergic to?")] },
      { context: { userId: "alice" } },
    );
    expect(answer.messages.at(-1)!.text).toBe("You told me: allergic to peanuts");
  });
});

describe("createMemoryNode", () => {
  function graphWith(node: ReturnType<typeof createMemoryNode>, store: ReturnType<typeof testStore>) {
    return new StateGraph(MessagesAnnotation)
      .addNode("agent", async (state) => ({
        messages: [new AIMessage(`Noted: ${state.messages.at(-1)!.text}`)],
      }))
      .addNode("remember", node)
      .addEdge("__start__", "agent")
      .addEdge("agent", "remember")
      .compile({ store });
  }

  it("runs Engram's extraction over the turn and the memories show up in the store under the namespace", async () => {
    const memory = testMemory();
    const store = testStore({}, memory);
    const graph = graphWith(createMemoryNode({ store }), store);
    await graph.invoke(
      { messages: [new HumanMessage("I am vegetarian and I live in Lisbon")] },
      { context: { userId: "alice" } },
    );
    await graph.invoke({ messages: [new HumanMessage("I live in Porto")] }, { context: { userId: "bob" } });

    const alice = await memory.getAll({ userId: "alice" });
    expect(alice.results.some((item) => /vegetarian/i.test(item.memory))).toBe(true);
    expect(alice.results.every((item) => item.userId === "alice")).toBe(true);
    const items = await store.search(["alice", "memories"], { query: "vegetarian food" });
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]!.value.content).toMatch(/vegetarian/i);
    expect(items.every((item) => item.namespace.join("/") === "alice/memories")).toBe(true);
    expect((await store.search(["bob"])).map((item) => String(item.value.content)).join(" ")).not.toMatch(
      /vegetarian/i,
    );
    expect(await store.listNamespaces()).toEqual([
      ["alice", "memories"],
      ["bob", "memories"],
    ]);

    // An extracted memory is an item keyed by its id: get, overwrite and delete it through the store.
    const key = items[0]!.key;
    expect((await store.get(["alice", "memories"], key))?.value.content).toBe(items[0]!.value.content);
    await store.put(["alice", "memories"], key, { content: "vegan since 2024" }, ["content"]);
    expect((await store.get(["alice", "memories"], key))?.value).toEqual({ content: "vegan since 2024" });
    expect((await memory.get(key, { anyScope: true }))?.memory).toBe("vegan since 2024");
    await store.delete(["alice", "memories"], key);
    expect(await memory.get(key, { anyScope: true })).toBeNull();
  });

  it("extracts only the last turn, takes a custom namespace, and can run in the background", async () => {
    const memory = testMemory();
    const store = testStore({ namespaceScope: { userId: 1 } }, memory);
    const add = vi.spyOn(memory, "add");
    const errors: unknown[] = [];
    const node = createMemoryNode({
      store,
      namespace: (_state, config) => ["profiles", String(config.configurable?.userId)],
      background: true,
      onError: (error) => errors.push(error),
    });
    const graph = graphWith(node, store);
    const config = { configurable: { userId: "carol", thread_id: "t1" } };
    await graph.invoke({ messages: [new HumanMessage("I love kayaking")] }, config);
    await graph.invoke(
      { messages: [new HumanMessage("I love kayaking"), new HumanMessage("I like violins")] },
      config,
    );
    await node.flush();
    const sent = add.mock.calls.map(([messages]) =>
      (messages as Array<{ role: string; content: string }>).map((message) => message.content),
    );
    expect(sent).toEqual([
      ["I love kayaking", "Noted: I love kayaking"],
      ["I like violins", "Noted: I like violins"],
    ]);
    expect(add.mock.calls[0]![1]).toMatchObject({ userId: "carol", infer: true });
    const carol = (await memory.getAll({ userId: "carol" })).results.map((item) => item.memory).sort();
    expect(carol).toEqual(["Likes violins", "Loves kayaking"]);
    expect((await store.search(["profiles", "carol"])).map((item) => item.value.content).sort()).toEqual(
      carol,
    );
    expect(errors).toEqual([]);
  });

  it("hands background failures to onError instead of failing the graph", async () => {
    const memory = testMemory();
    const store = testStore({}, memory);
    vi.spyOn(memory, "add").mockRejectedValueOnce(new Error("disk full"));
    const errors: unknown[] = [];
    const node = createMemoryNode({ store, background: true, onError: (error) => errors.push(error) });
    const result = await graphWith(node, store).invoke(
      { messages: [new HumanMessage("I live in Oslo")] },
      { context: { userId: "dan" } },
    );
    await node.flush();
    expect(result.messages.at(-1)!.text).toBe("Noted: I live in Oslo");
    expect(errors.map((error) => (error as Error).message)).toEqual(["disk full"]);
  });

  it("reports a missing user clearly", async () => {
    const store = testStore();
    const graph = graphWith(createMemoryNode({ store }), store);
    await expect(graph.invoke({ messages: [new HumanMessage("hello")] })).rejects.toThrow(/needs a user/);
  });
});
