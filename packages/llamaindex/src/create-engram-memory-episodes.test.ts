import { InvalidArgumentError, type MaintainReport, type Memory } from "@engram/core";
import type { ChatMessage } from "@llamaindex/core/llms";
import { tool } from "@llamaindex/core/tools";
import { agent } from "@llamaindex/workflow";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestMemory, ScriptedLLM } from "./__fixtures__/scripted-llm.js";
import { createEngramMemory } from "./create-engram-memory.js";

const lookup = tool({
  name: "lookupRecipe",
  description: "Finds a recipe",
  parameters: z.object({ dish: z.string() }),
  execute: ({ dish }) => `recipe for ${dish}: noodles, tamarind`,
});

/** Calls lookupRecipe for `dish` on even calls, answers on odd ones. */
function recipeLLM(dishes: string[]) {
  return new ScriptedLLM((_messages, call) =>
    call % 2 === 0
      ? { toolCalls: [{ id: `call-${call}`, name: "lookupRecipe", input: { dish: dishes[call / 2]! } }] }
      : { text: `Here is the ${dishes[(call - 1) / 2]} recipe.` },
  );
}

let engram: Memory | undefined;
afterEach(() => engram?.close());

async function all(userId = "alice") {
  return (await engram!.getAll({ userId })).results;
}

describe("createEngramMemory({ episodes }) with agent()", () => {
  it("records each tool call with its result as an episode with role tool, once, even when history comes back", async () => {
    engram = createTestMemory();
    const chatMemory = createEngramMemory({
      memory: engram,
      scope: { userId: "alice" },
      episodes: true,
      addOptions: { infer: false },
    });
    const llm = recipeLLM(["pad thai", "green curry"]);
    await agent({ llm, memory: chatMemory, tools: [lookup] }).run("Give me a pad thai recipe");
    await chatMemory.flush();
    const [episode, ...others] = (await all()).filter((item) => item.type === "episode");
    expect(others).toEqual([]);
    expect(episode!.memory).toBe(
      'Called lookupRecipe with {"dish":"pad thai"} → recipe for pad thai: noodles, tamarind',
    );
    expect(episode!.sources[0]).toMatchObject({ role: "tool", name: "lookupRecipe" });
    expect(episode!.metadata).toMatchObject({ toolCallId: "call-0" });

    // The caller passes the first run back as chat history: its tool call is added to memory again.
    const history = ((await chatMemory.get()) as ChatMessage[]).map(({ role, content, options }) => ({
      role,
      content,
      ...(options ? { options } : {}),
    }));
    expect(history.some((message) => message.options && "toolResult" in message.options)).toBe(true);
    await agent({ llm, memory: chatMemory, tools: [lookup] }).run("And green curry?", {
      chatHistory: history,
    });
    await chatMemory.flush();
    expect(
      (await all())
        .filter((item) => item.sources[0]?.role === "tool")
        .map((item) => item.memory)
        .sort(),
    ).toEqual([
      'Called lookupRecipe with {"dish":"green curry"} → recipe for green curry: noodles, tamarind',
      'Called lookupRecipe with {"dish":"pad thai"} → recipe for pad thai: noodles, tamarind',
    ]);
  });

  it("stores nothing extra when episodes is off (the default)", async () => {
    const stored = async (episodes: boolean) => {
      engram?.close();
      engram = createTestMemory();
      const chatMemory = createEngramMemory({
        memory: engram,
        scope: { userId: "alice" },
        episodes,
        addOptions: { infer: false },
      });
      await agent({ llm: recipeLLM(["pad thai"]), memory: chatMemory, tools: [lookup] }).run(
        "Give me a pad thai recipe",
      );
      await chatMemory.flush();
      return (await all()).map((item) => item.memory).sort();
    };
    expect(await stored(false)).toEqual(["Give me a pad thai recipe", "Here is the pad thai recipe."]);
    expect(await stored(true)).toEqual([
      'Called lookupRecipe with {"dish":"pad thai"} → recipe for pad thai: noodles, tamarind',
      "Give me a pad thai recipe",
      "Here is the pad thai recipe.",
    ]);
  });

  it("sends a failed episode to onError without failing the run", async () => {
    engram = createTestMemory();
    vi.spyOn(engram, "addEvent").mockRejectedValueOnce(new Error("disk full"));
    const onError = vi.fn();
    const chatMemory = createEngramMemory({
      memory: engram,
      scope: { userId: "alice" },
      episodes: true,
      writeBack: false,
      onError,
    });
    const result = await agent({ llm: recipeLLM(["pad thai"]), memory: chatMemory, tools: [lookup] }).run(
      "Give me a pad thai recipe",
    );
    await chatMemory.flush();
    expect(result.data.result).toBe("Here is the pad thai recipe.");
    expect(onError).toHaveBeenCalledWith(new Error("disk full"), {
      scope: { userId: "alice" },
      messages: [],
      episode: expect.objectContaining({ kind: "tool", name: "lookupRecipe" }),
    });
  });

  it("runs maintenance in the background after N writes (maintenance option)", async () => {
    let now = Date.parse("2025-01-01T00:00:00.000Z");
    engram = createTestMemory({ _internal: { now: () => new Date(now) } });
    const [stale] = (await engram.add("Visited Kyoto in spring", { userId: "alice", type: "episode" }))
      .results;
    now += 200 * 24 * 60 * 60 * 1000;
    const reports: MaintainReport[] = [];
    const chatMemory = createEngramMemory({
      memory: engram,
      scope: { userId: "alice" },
      episodes: true,
      addOptions: { infer: false },
      maintenance: {
        afterWrites: 2,
        archive: [{ unaccessedFor: "180d", types: ["episode"] }],
        onRun: (report) => reports.push(report),
      },
    });
    // One tool call and one turn: two writes.
    await agent({ llm: recipeLLM(["pad thai"]), memory: chatMemory, tools: [lookup] }).run(
      "Give me a pad thai recipe",
    );
    await chatMemory.flush();
    expect(reports).toEqual([
      expect.objectContaining({ archived: [stale!.id], purged: 0, refused: 0, dryRun: false }),
    ]);
    expect((await engram.get(stale!.id, { userId: "alice" }))!.state).toBe("archived");
  });

  it("checks the new options", () => {
    engram = createTestMemory();
    const scope = { userId: "alice" };
    expect(() => createEngramMemory({ memory: engram!, scope, episodes: "on" as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createEngramMemory({ memory: engram!, scope, maintenance: { afterWrites: -2 } })).toThrow(
      /options\.maintenance\.afterWrites/u,
    );
  });
});
