import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError, MemoryNotFoundError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { ScopeSelector } from "../types.js";
import { createMemoryToolSpecs } from "./create-memory-tool-specs.js";
import { defaultMemoryToolNames, memoryToolDefinitions } from "./memory-tool-definitions.js";

let memory: Memory;
beforeEach(() => {
  memory = new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder({ dimensions: 128 }) });
});
afterEach(() => memory.close());

async function texts(scope: ScopeSelector): Promise<string[]> {
  return (await memory.getAll(scope)).results.map((item) => item.memory);
}

describe("createMemoryToolSpecs: scope", () => {
  it("refuses to build specs without a scope, naming the caller and the argument", () => {
    const error = (() => {
      try {
        createMemoryToolSpecs({ memory, scope: {} as never });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe("options.scope");
    expect((error as Error).message).toMatch(/createMemoryToolSpecs\(\) needs a scope/);

    expect(() =>
      createMemoryToolSpecs({
        memory,
        scope: undefined as unknown as ScopeSelector,
        caller: "engramTools",
        scopeArgument: "options",
      }),
    ).toThrow(/Invalid argument options: engramTools\(\) needs a scope .*pass the scope/);
  });

  it("rejects empty or non-string scope values and a missing memory", () => {
    expect(() => createMemoryToolSpecs({ memory, scope: { userId: "" } })).toThrow(
      /options\.scope\.userId: expected a non-empty string/,
    );
    expect(() => createMemoryToolSpecs({ memory, scope: { userId: 7 as unknown as string } })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      createMemoryToolSpecs({ memory: undefined as unknown as Memory, scope: { userId: "alice" } }),
    ).toThrow(/options\.memory: pass the Engram memory/);
  });

  it("confines every tool to its scope: other scopes' ids are reported as not found", async () => {
    const [own] = (await memory.add("Alice has a cat named Miso", { userId: "alice" })).results;
    const bob = createMemoryToolSpecs({ memory, scope: { userId: "bob" } });

    await expect(bob.search.execute({ query: "cat named Miso" })).resolves.toEqual({ memories: [] });
    const update = await bob.update.execute({ id: own!.id, memory: "hijacked" }).catch((error) => error);
    expect(MemoryNotFoundError.isInstance(update)).toBe(true);
    expect((update as Error).message).toMatch(/No memory with id/);
    const remove = await bob.delete.execute({ id: own!.id }).catch((error) => error);
    expect(MemoryNotFoundError.isInstance(remove)).toBe(true);

    await bob.add.execute({ memory: "Bob plays chess" });
    expect(await texts({ userId: "alice" })).toEqual(["Alice has a cat named Miso"]);
    expect(await texts({ userId: "bob" })).toEqual(["Bob plays chess"]);
  });

  it("ignores fields other than userId, agentId and runId in the scope", async () => {
    const scope = { userId: "alice", memory: "not a scope field" } as unknown as ScopeSelector;
    const specs = createMemoryToolSpecs({ memory, scope });
    await specs.add.execute({ memory: "Alice speaks Greek" });
    const [stored] = (await memory.getAll({ userId: "alice" })).results;
    expect(stored).toMatchObject({ userId: "alice", memory: "Alice speaks Greek" });
    expect(stored).not.toHaveProperty("agentId");
  });
});

describe("createMemoryToolSpecs: results", () => {
  it("shapes search hits as { id, memory, type, score, updatedAt }, best first", async () => {
    const specs = createMemoryToolSpecs({ memory, scope: { userId: "alice" } });
    const { results } = await memory.add("Alice lives in Lisbon", { userId: "alice" });
    await memory.add("Alice likes jazz", { userId: "alice" });

    const found = await specs.search.execute({ query: "Where does Alice live? Lisbon" });
    expect(found.memories[0]).toEqual({
      id: results[0]!.id,
      memory: "Alice lives in Lisbon",
      type: "fact",
      score: expect.any(Number),
      updatedAt: expect.any(String),
    });
    const scores = found.memories.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("limits searches to 5 by default, to searchOptions, or to the model's own limit", async () => {
    for (let index = 0; index < 8; index += 1) {
      await memory.add(`Alice visited city number ${index}`, { userId: "alice" });
    }
    const scope = { userId: "alice" };
    const query = { query: "Alice visited city" };
    const plain = createMemoryToolSpecs({ memory, scope });
    expect((await plain.search.execute(query)).memories).toHaveLength(5);
    const wide = createMemoryToolSpecs({ memory, scope, searchOptions: { limit: 7 } });
    expect((await wide.search.execute(query)).memories).toHaveLength(7);
    expect((await wide.search.execute({ ...query, limit: 2 })).memories).toHaveLength(2);
  });

  it("adds verbatim, reports duplicates as NONE, and records the actor on every change", async () => {
    const specs = createMemoryToolSpecs({ memory, scope: { userId: "alice" }, actor: "test-tool" });
    const added = await specs.add.execute({ memory: "Alice is learning Spanish" });
    expect(added).toEqual({
      results: [{ id: expect.any(String), memory: "Alice is learning Spanish", event: "ADD" }],
    });
    const id = added.results[0]!.id;
    const again = await specs.add.execute({ memory: "Alice is learning Spanish" });
    expect(again.results.map((item) => item.event)).toEqual(["NONE"]);

    const updated = await specs.update.execute({ id, memory: "Alice is learning Portuguese" });
    expect(updated).toEqual({ id, memory: "Alice is learning Portuguese", updatedAt: expect.any(String) });
    expect(await texts({ userId: "alice" })).toEqual(["Alice is learning Portuguese"]);

    await expect(specs.delete.execute({ id })).resolves.toEqual({ id, deleted: true });
    expect(await texts({ userId: "alice" })).toEqual([]);
    const history = await memory.history(id, { anyScope: true });
    expect(history.map((entry) => [entry.event, entry.actor])).toEqual([
      ["ADD", "test-tool"],
      ["UPDATE", "test-tool"],
      ["DELETE", "test-tool"],
    ]);
  });

  it("leaves the actor to the memory when none is given, and applies addOptions", async () => {
    const specs = createMemoryToolSpecs({
      memory,
      scope: { agentId: "planner" },
      addOptions: { type: "preference", metadata: { source: "tool" } },
    });
    const { results } = await specs.add.execute({ memory: "Prefers short plans" });
    const stored = await memory.get(results[0]!.id, { anyScope: true });
    expect(stored).toMatchObject({ type: "preference", metadata: { source: "tool" }, agentId: "planner" });
    expect((await memory.history(results[0]!.id, { anyScope: true })).map((entry) => entry.actor)).toEqual([
      "api",
    ]);
  });
});

describe("memory tool definitions", () => {
  it("uses the default names and refers to the search tool by its name", () => {
    const specs = createMemoryToolSpecs({ memory, scope: { userId: "alice" } });
    expect(Object.values(specs).map((spec) => spec.name)).toEqual(Object.values(defaultMemoryToolNames));
    expect(specs.update.description).toMatch(/Use an id returned by searchMemories\.$/);

    const snake = memoryToolDefinitions({ search: "search_memory", add: "save_memory" });
    expect([snake.search.name, snake.add.name, snake.update.name]).toEqual([
      "search_memory",
      "save_memory",
      "updateMemory",
    ]);
    expect(snake.delete.description).toMatch(/Use an id returned by search_memory\.$/);
  });

  it("validates input with zod and describes every field in the JSON schema", () => {
    const { search, update } = memoryToolDefinitions();
    expect(search.inputSchema.safeParse({ query: "" }).success).toBe(false);
    expect(search.inputSchema.safeParse({ query: "jazz", limit: 51 }).success).toBe(false);
    expect(search.inputSchema.parse({ query: "jazz", limit: 3 })).toEqual({ query: "jazz", limit: 3 });
    expect(update.inputSchema.safeParse({ id: "m1" }).success).toBe(false);

    const schema = z.toJSONSchema(search.inputSchema) as {
      required: string[];
      properties: Record<string, { description?: string }>;
    };
    expect(schema.required).toEqual(["query"]);
    expect(schema.properties.query!.description).toBe("What to look for, in natural language.");
    expect(schema.properties.limit!.description).toBe("How many memories to return at most.");
  });
});
