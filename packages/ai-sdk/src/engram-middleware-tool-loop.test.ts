import type { Memory } from "@engram/core";
import { generateText, stepCountIs, streamText, tool, wrapLanguageModel } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  createTestMemory,
  streamOf,
  systemTexts,
  textResult,
  textStreamParts,
  toolCallResult,
  toolCallStreamParts,
} from "./__fixtures__/models.js";
import { engramMiddleware } from "./engram-middleware.js";

let memory: Memory;
beforeEach(async () => {
  memory = createTestMemory();
  await memory.add("Lives in Berlin", { userId: "alice" });
});
afterEach(() => memory.close());

const weather = tool({
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, forecast: "sunny" }),
});

describe("engramMiddleware in a multi-step tool loop", () => {
  it("searches once, injects the memories on every step and writes back only the final step", async () => {
    const mock = new MockLanguageModelV3({
      doGenerate: [toolCallResult("weather", { city: "Berlin" }), textResult("It is sunny in Berlin.")],
    });
    const middleware = engramMiddleware({ memory });
    const search = vi.spyOn(memory, "buildContext");
    const add = vi.spyOn(memory, "add");

    const result = await generateText({
      model: wrapLanguageModel({ model: mock, middleware }),
      tools: { weather },
      stopWhen: stepCountIs(3),
      system: "You are a weather assistant.",
      prompt: "Which city do I live in?",
      providerOptions: { engram: { userId: "alice" } },
    });
    await middleware.flush();

    expect(result.steps).toHaveLength(2);
    expect(mock.doGenerateCalls.map((call) => call.prompt.map((message) => message.role))).toEqual([
      ["system", "system", "user"],
      ["system", "system", "user", "assistant", "tool"],
    ]);
    for (const call of mock.doGenerateCalls) expect(systemTexts(call.prompt)[1]).toContain("Lives in Berlin");
    expect(search).toHaveBeenCalledTimes(1);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]![0]).toEqual([
      { role: "user", content: "Which city do I live in?" },
      { role: "assistant", content: "It is sunny in Berlin." },
    ]);
  });

  it("does the same when streaming", async () => {
    const mock = new MockLanguageModelV3({
      doStream: [
        streamOf(toolCallStreamParts("weather", { city: "Berlin" })),
        streamOf(textStreamParts(["Sunny ", "today."])),
      ],
    });
    const middleware = engramMiddleware({ memory });
    const search = vi.spyOn(memory, "buildContext");
    const add = vi.spyOn(memory, "add");

    const result = streamText({
      model: wrapLanguageModel({ model: mock, middleware }),
      tools: { weather },
      stopWhen: stepCountIs(3),
      prompt: "Which city do I live in?",
      providerOptions: { engram: { userId: "alice" } },
    });
    expect(await result.text).toBe("Sunny today.");
    await middleware.flush();

    expect(mock.doStreamCalls).toHaveLength(2);
    for (const call of mock.doStreamCalls) expect(systemTexts(call.prompt)[0]).toContain("Lives in Berlin");
    expect(search).toHaveBeenCalledTimes(1);
    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]![0]).toEqual([
      { role: "user", content: "Which city do I live in?" },
      { role: "assistant", content: "Sunny today." },
    ]);
  });
});
