import { InvalidArgumentError, type Memory } from "@engram/core";
import { tool } from "@llamaindex/core/tools";
import { agent } from "@llamaindex/workflow";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestMemory, ScriptedLLM, systemTexts } from "./__fixtures__/scripted-llm.js";
import { createEngramMemory } from "./create-engram-memory.js";

let engram: Memory;
beforeEach(() => {
  engram = createTestMemory();
});
afterEach(() => engram.close());

/** Answers from the memories it was given: the allergy if it sees one, "I don't know" otherwise. */
function allergyLLM() {
  return new ScriptedLLM((messages) => {
    const last = messages.at(-1)!;
    if (!String(last.content).includes("?")) return { text: "Noted, I will remember that." };
    const known = systemTexts(messages)
      .join("\n")
      .match(/allergic to (\w+)/);
    return { text: known ? `You are allergic to ${known[1]}.` : "I don't know." };
  });
}

async function storedTexts(userId: string): Promise<string[]> {
  return (await engram.getAll({ userId })).results.map((item) => item.memory).sort();
}

describe("createEngramMemory with agent()", () => {
  it("remembers in one run and recalls in a later run with a fresh agent and a fresh chat memory", async () => {
    const first = createEngramMemory({
      memory: engram,
      scope: { userId: "alice" },
      addOptions: { infer: false },
    });
    await agent({ llm: allergyLLM(), memory: first }).run("I am allergic to peanuts");
    await first.flush();
    expect(await storedTexts("alice")).toEqual(["I am allergic to peanuts", "Noted, I will remember that."]);

    const llm = allergyLLM();
    const second = createEngramMemory({ memory: engram, scope: { userId: "alice" } });
    const result = await agent({ llm, memory: second, systemPrompt: "You are a careful chef." }).run(
      "What am I allergic to?",
    );

    expect(result.data.result).toBe("You are allergic to peanuts.");
    const sent = llm.calls[0]!;
    expect(sent.map((message) => message.role)).toEqual(["system", "system", "user"]);
    expect(sent[0]!.content).toBe("You are a careful chef.");
    expect(systemTexts(sent)[1]).toContain("- I am allergic to peanuts");
  });

  it("keeps one memory per user: parallel runs for two users never see each other's memories", async () => {
    await engram.add("I am allergic to peanuts", { userId: "alice" });
    await engram.add("I am allergic to shellfish", { userId: "bob" });
    const llms = { alice: allergyLLM(), bob: allergyLLM() };
    const memories = {
      alice: createEngramMemory({ memory: engram, scope: { userId: "alice" }, addOptions: { infer: false } }),
      bob: createEngramMemory({ memory: engram, scope: { userId: "bob" }, addOptions: { infer: false } }),
    };
    const [alice, bob] = await Promise.all(
      (["alice", "bob"] as const).map((user) =>
        agent({ llm: llms[user], memory: memories[user] }).run("What am I allergic to?"),
      ),
    );
    await Promise.all([memories.alice.flush(), memories.bob.flush()]);

    expect(alice!.data.result).toBe("You are allergic to peanuts.");
    expect(bob!.data.result).toBe("You are allergic to shellfish.");
    expect(systemTexts(llms.alice.calls[0]!).join("\n")).not.toContain("shellfish");
    expect(systemTexts(llms.bob.calls[0]!).join("\n")).not.toContain("peanuts");
    expect(await storedTexts("alice")).toEqual([
      "I am allergic to peanuts",
      "What am I allergic to?",
      "You are allergic to peanuts.",
    ]);
    expect(await storedTexts("bob")).toEqual([
      "I am allergic to shellfish",
      "What am I allergic to?",
      "You are allergic to shellfish.",
    ]);
  });

  it("writes back only the user's message and the final answer of a tool-calling run, with infer: true", async () => {
    const lookup = tool({
      name: "lookupRecipe",
      description: "Finds a recipe",
      parameters: z.object({ dish: z.string() }),
      execute: ({ dish }) => `TOOL OUTPUT: recipe for ${dish}`,
    });
    const llm = new ScriptedLLM((_messages, call) =>
      call === 0
        ? { toolCalls: [{ id: "call-1", name: "lookupRecipe", input: { dish: "pad thai" } }] }
        : { text: "Here is a pad thai recipe." },
    );
    const chatMemory = createEngramMemory({ memory: engram, scope: { userId: "alice" } });
    const add = vi.spyOn(engram, "add");
    await agent({ llm, memory: chatMemory, tools: [lookup] }).run("Give me a pad thai recipe");
    await chatMemory.flush();

    expect(llm.calls).toHaveLength(2);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add).toHaveBeenCalledWith(
      [
        { role: "user", content: "Give me a pad thai recipe" },
        { role: "assistant", content: "Here is a pad thai recipe." },
      ],
      { infer: true, userId: "alice" },
    );
  });

  it("sends write-back errors to onError without failing the run", async () => {
    const failure = new Error("store offline");
    vi.spyOn(engram, "add").mockRejectedValue(failure);
    const onError = vi.fn();
    const chatMemory = createEngramMemory({ memory: engram, scope: { userId: "alice" }, onError });
    const result = await agent({ llm: allergyLLM(), memory: chatMemory }).run("I am allergic to peanuts");
    await chatMemory.flush();

    expect(result.data.result).toBe("Noted, I will remember that.");
    expect(onError).toHaveBeenCalledWith(failure, {
      scope: { userId: "alice" },
      messages: [
        { role: "user", content: "I am allergic to peanuts" },
        { role: "assistant", content: "Noted, I will remember that." },
      ],
    });
  });

  it("does not write back when writeBack is false, nor the initial messages", async () => {
    const add = vi.spyOn(engram, "add");
    const chatMemory = createEngramMemory({
      memory: engram,
      scope: { userId: "alice" },
      writeBack: false,
      messages: [{ role: "user", content: "Earlier message" }],
    });
    await agent({ llm: allergyLLM(), memory: chatMemory }).run("I am allergic to peanuts");
    await chatMemory.flush();
    expect(add).not.toHaveBeenCalled();
  });

  it("requires a scope", () => {
    expect(() => createEngramMemory({ memory: engram, scope: {} })).toThrow(InvalidArgumentError);
    expect(() => createEngramMemory({ memory: engram, scope: { userId: " " } })).toThrow(
      /options\.scope\.userId/,
    );
  });
});
