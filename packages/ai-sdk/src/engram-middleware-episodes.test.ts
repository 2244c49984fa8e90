import { InvalidArgumentError, type MaintainReport, type Memory } from "@engram/core";
import { generateText, type ModelMessage, stepCountIs, streamText, tool, wrapLanguageModel } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createTestMemory,
  streamOf,
  textResult,
  textStreamParts,
  toolCallResult,
  toolCallStreamParts,
} from "./__fixtures__/models.js";
import { engramMiddleware } from "./engram-middleware.js";
import type { EngramMiddlewareOptions } from "./middleware-options.js";

let memory: Memory | undefined;
afterEach(() => memory?.close());

const weather = tool({
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, forecast: "sunny" }),
});

const alice = { engram: { userId: "alice" } };
const berlin = 'Called weather with {"city":"Berlin"} → {"city":"Berlin","forecast":"sunny"}';

async function stored() {
  return (await memory!.getAll({ userId: "alice" })).results;
}

async function toolTurn(options: Partial<EngramMiddlewareOptions>, messages?: ModelMessage[]) {
  const mock = new MockLanguageModelV3({
    doGenerate: [toolCallResult("weather", { city: "Berlin" }), textResult("Sunny in Berlin.")],
  });
  const middleware = engramMiddleware({ memory: memory!, ...options });
  const result = await generateText({
    model: wrapLanguageModel({ model: mock, middleware }),
    tools: { weather },
    stopWhen: stepCountIs(3),
    ...(messages ? { messages } : { prompt: "I live in Berlin. Weather?" }),
    providerOptions: alice,
  });
  await middleware.flush();
  return result;
}

describe("engramMiddleware({ episodes })", () => {
  it("records the turn's tool call with its result as an episode with role tool (generateText)", async () => {
    memory = createTestMemory();
    await toolTurn({ episodes: true });
    const episodes = (await stored()).filter((item) => item.type === "episode");
    expect(episodes.map((item) => item.memory)).toEqual([berlin]);
    expect(episodes[0]!.sources[0]).toMatchObject({ role: "tool", name: "weather" });
    expect(episodes[0]!.metadata).toMatchObject({ toolCallId: "call-1" });
  });

  it("does the same when streaming", async () => {
    memory = createTestMemory();
    const mock = new MockLanguageModelV3({
      doStream: [
        streamOf(toolCallStreamParts("weather", { city: "Berlin" })),
        streamOf(textStreamParts(["Sunny ", "today."])),
      ],
    });
    const middleware = engramMiddleware({ memory, episodes: true, writeBack: false });
    const result = streamText({
      model: wrapLanguageModel({ model: mock, middleware }),
      tools: { weather },
      stopWhen: stepCountIs(3),
      prompt: "Weather?",
      providerOptions: alice,
    });
    expect(await result.text).toBe("Sunny today.");
    await middleware.flush();
    expect((await stored()).map((item) => item.memory)).toEqual([berlin]);
  });

  it("stores nothing extra when episodes is off (the default)", async () => {
    memory = createTestMemory();
    await toolTurn({});
    const off = (await stored()).map((item) => item.memory);
    expect(off).toEqual(["Lives in Berlin"]);
    memory.close();
    memory = createTestMemory();
    await toolTurn({ episodes: true });
    expect((await stored()).map((item) => item.memory).sort()).toEqual([berlin, "Lives in Berlin"]);
  });

  it("does not record an earlier turn's tool call again when the history is sent back", async () => {
    memory = createTestMemory();
    const first = await toolTurn({ episodes: true, writeBack: false });
    const history: ModelMessage[] = [
      { role: "user", content: "Weather in Berlin?" },
      ...first.response.messages,
      { role: "user", content: "Thanks! Anything else?" },
    ];
    const mock = new MockLanguageModelV3({ doGenerate: [textResult("No.")] });
    const middleware = engramMiddleware({ memory, episodes: true, writeBack: false });
    await generateText({
      model: wrapLanguageModel({ model: mock, middleware }),
      tools: { weather },
      messages: history,
      providerOptions: alice,
    });
    await middleware.flush();
    // The prompt held the first turn's call and result, before the latest user message.
    expect(JSON.stringify(mock.doGenerateCalls[0]!.prompt)).toContain("tool-result");
    expect((await stored()).map((item) => item.memory)).toEqual([berlin]);

    // A new turn with a new call (the mock reuses the id "call-1") is recorded.
    await toolTurn({ episodes: true, writeBack: false }, [...history, { role: "user", content: "And now?" }]);
    expect((await stored()).map((item) => item.memory)).toEqual([berlin, berlin]);
  });

  it("runs maintenance in the background after N writes per scope (maintenance option)", async () => {
    let now = Date.parse("2025-01-01T00:00:00.000Z");
    memory = createTestMemory({ _internal: { now: () => new Date(now) } });
    const [stale] = (await memory.add("Visited Kyoto in spring", { userId: "alice", type: "episode" }))
      .results;
    now += 200 * 24 * 60 * 60 * 1000;
    const reports: MaintainReport[] = [];
    // One episode and one turn: two writes.
    await toolTurn({
      episodes: true,
      maintenance: {
        afterWrites: 2,
        archive: [{ unaccessedFor: "180d", types: ["episode"] }],
        onRun: (report) => reports.push(report),
      },
    });
    expect(reports).toEqual([
      expect.objectContaining({ archived: [stale!.id], purged: 0, refused: 0, dryRun: false }),
    ]);
    expect((await memory.get(stale!.id, { userId: "alice" }))!.state).toBe("archived");
  });

  it("checks the new options", () => {
    memory = createTestMemory();
    expect(() => engramMiddleware({ memory: memory!, episodes: "yes" as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => engramMiddleware({ memory: memory!, maintenance: { afterWrites: 0 } })).toThrow(
      /options\.maintenance\.afterWrites/u,
    );
  });
});
