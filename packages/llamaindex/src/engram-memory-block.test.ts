import { type Memory, maxQueryLength } from "@engram/core";
import { createMemory, type MemoryMessage } from "@llamaindex/core/memory";
import { agent } from "@llamaindex/workflow";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestMemory, ScriptedLLM, systemTexts } from "./__fixtures__/scripted-llm.js";
import { EngramMemoryBlock } from "./engram-memory-block.js";

let engram: Memory;
beforeEach(async () => {
  engram = createTestMemory();
  await engram.add("Alice's daughter is called Mia", { userId: "alice" });
  await engram.add("Bob's son is called Leo", { userId: "bob" });
});
afterEach(() => engram.close());

const message = (role: MemoryMessage["role"], content: string, options?: object): MemoryMessage => ({
  id: `${role}-${content}`,
  role,
  content,
  ...(options ? { options } : {}),
});

describe("EngramMemoryBlock", () => {
  it("contributes the scope's relevant memories as a system message before the short-term messages", async () => {
    const chatMemory = createMemory({
      memoryBlocks: [new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" } })],
    });
    await chatMemory.add({ role: "user", content: "What is my daughter called?" });
    const messages = await chatMemory.getLLM();

    expect(messages.map((item) => item.role)).toEqual(["system", "user"]);
    expect(String(messages[0]!.content)).toContain("- Alice's daughter is called Mia");
    expect(String(messages[0]!.content)).not.toContain("Leo");
  });

  it("searches a pasted document by its last maxQueryLength characters instead of failing", async () => {
    const block = new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" } });
    const search = vi.spyOn(engram, "buildContext");
    const pasted = `${"lorem ipsum ".repeat(4000)}What is my daughter called?`;
    const [context] = await block.get([message("user", pasted)]);
    expect(search.mock.calls[0]![0]).toBe(pasted.slice(-maxQueryLength));
    expect(String(context!.content)).toContain("- Alice's daughter is called Mia");
  });

  it("queries with the latest real user message, not with a tool result", async () => {
    const block = new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" } });
    const search = vi.spyOn(engram, "buildContext");
    await block.get([
      message("user", "What is my daughter called?"),
      message("assistant", "", { toolCall: [{ id: "1", name: "lookup", input: {} }] }),
      message("user", "lookup result", { toolResult: { id: "1", result: "x", isError: false } }),
    ]);
    expect(search).toHaveBeenCalledWith("What is my daughter called?", {
      tokenBudget: 800,
      minRelevance: 0.5,
      userId: "alice",
    });
  });

  it("returns nothing without a user message or without matches, and honours the role option", async () => {
    const block = new EngramMemoryBlock({ memory: engram, scope: { userId: "carol" }, role: "memory" });
    expect(await block.get([])).toEqual([]);
    expect(await block.get([message("user", "What is my daughter called?")])).toEqual([]);

    const memoryRole = new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" }, role: "memory" });
    const [contributed] = await memoryRole.get([message("user", "What is my daughter called?")]);
    expect(contributed!.role).toBe("memory");
  });

  it("stores what LlamaIndex hands to put() when short-term memory overflows, without tool traffic", async () => {
    const block = new EngramMemoryBlock({
      memory: engram,
      scope: { userId: "dave" },
      addOptions: { infer: false },
    });
    const chatMemory = createMemory({ tokenLimit: 40, shortTermTokenLimitRatio: 0.5, memoryBlocks: [block] });
    await chatMemory.add({
      role: "user",
      content: "I have two cats and a dog, and all three of them love long walks.",
    });
    await chatMemory.add({
      role: "assistant",
      content: "",
      options: { toolCall: [{ id: "1", name: "note", input: {} }] },
    });
    await chatMemory.add({
      role: "user",
      content: "tool output",
      options: { toolResult: { id: "1", result: "ok", isError: false } },
    });
    await chatMemory.add({
      role: "assistant",
      content: "Three pets who love walks: lovely, I will keep that in mind.",
    });

    const stored = (await engram.getAll({ userId: "dave" })).results.map((item) => item.memory).sort();
    expect(stored).toEqual([
      "I have two cats and a dog, and all three of them love long walks.",
      "Three pets who love walks: lovely, I will keep that in mind.",
    ]);
  });

  it("works inside agent() with createMemory({ memoryBlocks })", async () => {
    const llm = new ScriptedLLM((messages) => {
      const name = systemTexts(messages)
        .join("\n")
        .match(/daughter is called (\w+)/);
      return { text: name ? `Your daughter is ${name[1]}.` : "I don't know." };
    });
    const chatMemory = createMemory({
      memoryBlocks: [new EngramMemoryBlock({ memory: engram, scope: { userId: "alice" } })],
    });
    const result = await agent({ llm, memory: chatMemory }).run("What is my daughter called?");

    expect(result.data.result).toBe("Your daughter is Mia.");
    expect(llm.calls[0]!.map((item) => item.role)).toEqual(["system", "system", "user"]);
  });

  it("refuses a missing scope or memory with a clear error", () => {
    expect(() => new EngramMemoryBlock({ memory: engram, scope: {} })).toThrow(
      /pass the scope whose memories to use/,
    );
    expect(
      () => new EngramMemoryBlock({ memory: undefined as unknown as Memory, scope: { userId: "a" } }),
    ).toThrow(/options\.memory/);
  });
});
