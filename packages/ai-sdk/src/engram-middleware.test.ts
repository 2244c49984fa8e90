import { InvalidArgumentError, type Memory, maxQueryLength } from "@engram/core";
import { generateText, Output, wrapLanguageModel } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestMemory, systemTexts, textResult } from "./__fixtures__/models.js";
import { engramMiddleware } from "./engram-middleware.js";

const alice = { engram: { userId: "alice" } };

let memory: Memory;
beforeEach(async () => {
  memory = createTestMemory();
  await memory.add("My favourite food is vegetarian lasagna", { userId: "alice" });
});
afterEach(() => memory.close());

function setup(
  reply = "Let's cook lasagna tonight.",
  options: Partial<Parameters<typeof engramMiddleware>[0]> = {},
) {
  const mock = new MockLanguageModelV3({ doGenerate: async () => textResult(reply) });
  const middleware = engramMiddleware({ memory, ...options });
  return { mock, middleware, model: wrapLanguageModel({ model: mock, middleware }) };
}

async function texts(userId: string): Promise<string[]> {
  return (await memory.getAll({ userId })).results.map((item) => item.memory).sort();
}

describe("engramMiddleware under generateText", () => {
  it("inserts the memories after the caller's system prompt and before the conversation", async () => {
    const { mock, model } = setup();
    await generateText({
      model,
      system: "You are a cooking assistant.",
      prompt: "Which food should I cook?",
      providerOptions: alice,
    });

    const prompt = mock.doGenerateCalls[0]!.prompt;
    expect(prompt.map((message) => message.role)).toEqual(["system", "system", "user"]);
    expect(prompt[0]).toEqual({ role: "system", content: "You are a cooking assistant." });
    expect(systemTexts(prompt)[1]).toContain("- My favourite food is vegetarian lasagna");
  });

  it("searches a pasted document by its last maxQueryLength characters instead of failing the call", async () => {
    const { mock, model } = setup();
    const search = vi.spyOn(memory, "buildContext");
    const pasted = `${"lorem ipsum ".repeat(4000)}Which food should I cook?`;
    await generateText({ model, prompt: pasted, providerOptions: alice });
    expect(search.mock.calls[0]![0]).toBe(pasted.slice(-maxQueryLength));
    expect(systemTexts(mock.doGenerateCalls[0]!.prompt)[0]).toContain(
      "- My favourite food is vegetarian lasagna",
    );
  });

  it("adds no system message when the scope has no memories", async () => {
    const { mock, model } = setup();
    await generateText({ model, prompt: "Hello there", providerOptions: { engram: { userId: "nobody" } } });
    expect(mock.doGenerateCalls[0]!.prompt.map((message) => message.role)).toEqual(["user"]);
  });

  it("writes the finished turn back with infer: true in the request's scope", async () => {
    const { middleware, model } = setup();
    const add = vi.spyOn(memory, "add");
    await generateText({ model, prompt: "Which food should I cook?", providerOptions: alice });
    await middleware.flush();

    expect(add).toHaveBeenCalledTimes(1);
    expect(add).toHaveBeenCalledWith(
      [
        { role: "user", content: "Which food should I cook?" },
        { role: "assistant", content: "Let's cook lasagna tonight." },
      ],
      { infer: true, userId: "alice" },
    );
  });

  it("remembers a turn in one request and retrieves it in a later one", async () => {
    const { mock, middleware, model } = setup("Noted.", { addOptions: { infer: false } });
    await generateText({ model, prompt: "I moved to Lisbon last spring", providerOptions: alice });
    await middleware.flush();
    expect(await texts("alice")).toContain("I moved to Lisbon last spring");

    await generateText({ model, prompt: "Where did I move to?", providerOptions: alice });
    expect(systemTexts(mock.doGenerateCalls[1]!.prompt).join("\n")).toContain(
      "I moved to Lisbon last spring",
    );
  });

  it("does not write back JSON-mode calls", async () => {
    const mock = new MockLanguageModelV3({ doGenerate: async () => textResult('{"dish":"lasagna"}') });
    const middleware = engramMiddleware({ memory });
    const add = vi.spyOn(memory, "add");
    const { output } = await generateText({
      model: wrapLanguageModel({ model: mock, middleware }),
      output: Output.object({ schema: z.object({ dish: z.string() }) }),
      prompt: "Suggest a dish",
      providerOptions: alice,
    });
    await middleware.flush();

    expect(output).toEqual({ dish: "lasagna" });
    expect(mock.doGenerateCalls[0]!.responseFormat?.type).toBe("json");
    expect(add).not.toHaveBeenCalled();
  });

  it("does not delay the response for the write-back unless asked to", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(memory, "add").mockImplementation(async () => {
      await gate;
      return { results: [] };
    });
    const background = setup();
    const result = await generateText({ model: background.model, prompt: "Hi", providerOptions: alice });
    expect(result.text).toBe("Let's cook lasagna tonight.");

    const awaited = setup("Okay.", { awaitWriteBack: true });
    let settled = false;
    const call = generateText({ model: awaited.model, prompt: "Hi again", providerOptions: alice }).then(
      () => {
        settled = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    release();
    await call;
    expect(settled).toBe(true);
  });

  it("sends write-back errors to the handler and still returns the response", async () => {
    const failure = new Error("disk full");
    vi.spyOn(memory, "add").mockRejectedValue(failure);
    const onError = vi.fn();
    const { middleware, model } = setup("Fine.", { onError });
    const result = await generateText({ model, prompt: "Hi", providerOptions: alice });
    await middleware.flush();

    expect(result.text).toBe("Fine.");
    expect(onError).toHaveBeenCalledWith(failure, { phase: "write-back", scope: { userId: "alice" } });
  });

  it("skips the write-back when writeBack is false", async () => {
    const add = vi.spyOn(memory, "add");
    const { middleware, model } = setup("Fine.", { writeBack: false });
    await generateText({ model, prompt: "Hi", providerOptions: alice });
    await middleware.flush();
    expect(add).not.toHaveBeenCalled();
  });
});

describe("engramMiddleware scope", () => {
  it("takes the scope from a resolver, overlaid by providerOptions.engram", async () => {
    await memory.add("Bob plays the cello", { userId: "bob", agentId: "tutor" });
    const scope = vi.fn(() => ({ agentId: "tutor" }));
    const { mock, model } = setup("Sure.", { scope });
    await generateText({
      model,
      prompt: "What instrument do I play?",
      providerOptions: { engram: { userId: "bob" } },
    });

    expect(scope).toHaveBeenCalled();
    expect(systemTexts(mock.doGenerateCalls[0]!.prompt).join("\n")).toContain("Bob plays the cello");
  });

  it("refuses a call without any scope, with a message saying how to pass one", async () => {
    const { mock, model } = setup();
    const call = generateText({ model, prompt: "Hi", maxRetries: 0 });
    await expect(call).rejects.toSatisfy((error) => InvalidArgumentError.isInstance(error));
    await expect(call).rejects.toThrow(/providerOptions: \{ engram: \{ userId \} \}/);
    expect(mock.doGenerateCalls).toHaveLength(0);
  });

  it("refuses unknown keys in providerOptions.engram (such as snake_case user_id)", async () => {
    const { model } = setup();
    const call = generateText({
      model,
      prompt: "Hi",
      maxRetries: 0,
      providerOptions: { engram: { user_id: "alice" } },
    });
    await expect(call).rejects.toThrow(/providerOptions\.engram\.user_id: unknown key/);
  });
});
