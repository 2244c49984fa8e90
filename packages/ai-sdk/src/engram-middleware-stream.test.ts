import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Memory } from "@engram/core";
import { streamText, wrapLanguageModel } from "ai";
import { convertReadableStreamToArray, MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestMemory, streamOf, systemTexts, textStreamParts } from "./__fixtures__/models.js";
import { engramMiddleware } from "./engram-middleware.js";

const deltas = ["You ", "like ", "vegetarian ", "lasagna."];

let memory: Memory;
beforeEach(async () => {
  memory = createTestMemory();
  await memory.add("My favourite food is vegetarian lasagna", { userId: "alice" });
});
afterEach(() => memory.close());

function setup(parts: LanguageModelV3StreamPart[] = textStreamParts(deltas)) {
  const mock = new MockLanguageModelV3({ doStream: async () => streamOf(parts) });
  const middleware = engramMiddleware({ memory });
  return { mock, middleware, model: wrapLanguageModel({ model: mock, middleware }) };
}

const callOptions: LanguageModelV3CallOptions = {
  prompt: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "What food do I like?" }] },
  ],
  providerOptions: { engram: { userId: "alice" } },
};

describe("engramMiddleware under streamText", () => {
  it("passes every stream part through unchanged and in order", async () => {
    const parts = textStreamParts(deltas);
    const { model } = setup(parts);
    const { stream } = await model.doStream(callOptions);
    expect(await convertReadableStreamToArray(stream)).toEqual(parts);
  });

  it("streams the same text as the bare model and injects the memories", async () => {
    const { mock, middleware, model } = setup();
    const result = streamText({
      model,
      system: "Be brief.",
      prompt: "What food do I like?",
      providerOptions: { engram: { userId: "alice" } },
    });
    const chunks = await convertReadableStreamToArray(result.textStream);
    await middleware.flush();

    expect(chunks).toEqual(deltas);
    const prompt = mock.doStreamCalls[0]!.prompt;
    expect(prompt.map((message) => message.role)).toEqual(["system", "system", "user"]);
    expect(systemTexts(prompt)[1]).toContain("vegetarian lasagna");
  });

  it("writes the turn back once the consumer has drained the stream", async () => {
    const { middleware, model } = setup();
    const add = vi.spyOn(memory, "add");
    const result = streamText({
      model,
      prompt: "What food do I like?",
      providerOptions: { engram: { userId: "alice" } },
    });
    await result.consumeStream();
    await middleware.flush();

    expect(add).toHaveBeenCalledTimes(1);
    expect(add.mock.calls[0]![0]).toEqual([
      { role: "user", content: "What food do I like?" },
      { role: "assistant", content: deltas.join("") },
    ]);
  });

  it("does not write back a stream that was abandoned before it finished", async () => {
    const { middleware, model } = setup();
    const add = vi.spyOn(memory, "add");
    const { stream } = await model.doStream(callOptions);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await middleware.flush();
    expect(add).not.toHaveBeenCalled();
  });

  it("does not write back a stream that reported an error", async () => {
    const parts = textStreamParts(["partial"]);
    parts.splice(parts.length - 1, 0, { type: "error", error: new Error("upstream reset") });
    const { middleware, model } = setup(parts);
    const add = vi.spyOn(memory, "add");
    const { stream } = await model.doStream(callOptions);
    await convertReadableStreamToArray(stream);
    await middleware.flush();
    expect(add).not.toHaveBeenCalled();
  });

  it("holds the end of the stream until the write-back is stored when awaitWriteBack is set", async () => {
    const mock = new MockLanguageModelV3({ doStream: async () => streamOf(textStreamParts(deltas)) });
    const model = wrapLanguageModel({
      model: mock,
      middleware: engramMiddleware({ memory, awaitWriteBack: true, addOptions: { infer: false } }),
    });
    const { stream } = await model.doStream(callOptions);
    await convertReadableStreamToArray(stream);

    const stored = (await memory.getAll({ userId: "alice" })).results.map((item) => item.memory);
    expect(stored).toContain("What food do I like?");
    expect(stored).toContain(deltas.join(""));
  });
});
