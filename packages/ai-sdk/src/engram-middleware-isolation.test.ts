import type { Memory } from "@engram/core";
import { generateText, type ModelMessage, streamText, wrapLanguageModel } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStrictModel, createTestMemory, systemTexts } from "./__fixtures__/models.js";
import { engramMiddleware } from "./engram-middleware.js";

let memory: Memory;
beforeEach(async () => {
  memory = createTestMemory();
  await memory.add("My favourite food is vegetarian lasagna", { userId: "alice" });
  await memory.add("My favourite food is a rare steak", { userId: "bob" });
});
afterEach(() => memory.close());

const history: ModelMessage[] = [
  { role: "system", content: "Always answer in one sentence." },
  { role: "user", content: "Hi, I'm planning dinner." },
  { role: "assistant", content: "Happy to help with dinner." },
  { role: "user", content: "What is my favourite food?" },
];

describe("engramMiddleware with a provider that rejects late system messages", () => {
  it("the strict mock really rejects a system message after the conversation started", async () => {
    const strict = createStrictModel(() => "ok");
    const late = [...history, { role: "system" as const, content: "late" }];
    await expect(
      generateText({ model: strict, messages: late, allowSystemInMessages: true, maxRetries: 0 }),
    ).rejects.toThrow(/only supported at the beginning/);
  });

  it("places the memory message after the leading system messages, for generate and stream", async () => {
    const strict = createStrictModel(() => "Lasagna.");
    const model = wrapLanguageModel({
      model: strict,
      middleware: engramMiddleware({ memory, writeBack: false }),
    });
    const providerOptions = { engram: { userId: "alice" } };

    const request = {
      model,
      system: "You are a chef.",
      messages: history,
      allowSystemInMessages: true,
      providerOptions,
      maxRetries: 0,
    };
    const generated = await generateText(request);
    const streamed = streamText(request);
    expect(generated.text).toBe("Lasagna.");
    expect(await streamed.text).toBe("Lasagna.");

    for (const call of [strict.doGenerateCalls[0]!, strict.doStreamCalls[0]!]) {
      expect(call.prompt.map((message) => message.role)).toEqual([
        "system",
        "system",
        "system",
        "user",
        "assistant",
        "user",
      ]);
      expect(systemTexts(call.prompt).slice(0, 2)).toEqual([
        "You are a chef.",
        "Always answer in one sentence.",
      ]);
      expect(systemTexts(call.prompt)[2]).toContain("vegetarian lasagna");
    }
  });

  it("puts the memory message first when the caller has no system prompt", async () => {
    const strict = createStrictModel(() => "Lasagna.");
    const model = wrapLanguageModel({
      model: strict,
      middleware: engramMiddleware({ memory, writeBack: false }),
    });
    await generateText({
      model,
      messages: history.slice(1),
      providerOptions: { engram: { userId: "alice" } },
    });
    expect(strict.doGenerateCalls[0]!.prompt.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
  });
});

describe("engramMiddleware with two users in parallel", () => {
  it("keeps each request's retrieval and write-back in its own user's scope", async () => {
    const slow = createStrictModel(
      (options) => {
        const memories = systemTexts(options.prompt).join("\n");
        return memories.includes("lasagna")
          ? "You love lasagna."
          : memories.includes("steak")
            ? "You love steak."
            : "No idea.";
      },
      (call) => 40 - call * 10,
    ); // later requests finish first
    const middleware = engramMiddleware({ memory, addOptions: { infer: false } });
    const model = wrapLanguageModel({ model: slow, middleware });

    const ask = (userId: string) =>
      generateText({
        model,
        prompt: `What is my favourite food? (${userId})`,
        providerOptions: { engram: { userId } },
      });
    const answers = await Promise.all([ask("alice"), ask("bob"), ask("alice"), ask("bob")]);
    await middleware.flush();

    expect(answers.map((answer) => answer.text)).toEqual([
      "You love lasagna.",
      "You love steak.",
      "You love lasagna.",
      "You love steak.",
    ]);
    for (const call of slow.doGenerateCalls) {
      const user = JSON.stringify(call.prompt.at(-1)).includes("(alice)") ? "alice" : "bob";
      const memories = systemTexts(call.prompt).join("\n");
      expect(memories).not.toContain(user === "alice" ? "steak" : "lasagna");
    }
    const stored = async (userId: string) =>
      (await memory.getAll({ userId })).results.map((item) => item.memory).join("\n");
    expect(await stored("alice")).toContain("(alice)");
    expect(await stored("alice")).not.toMatch(/\(bob\)|steak/);
    expect(await stored("bob")).toContain("(bob)");
    expect(await stored("bob")).not.toMatch(/\(alice\)|lasagna/);
  });
});
