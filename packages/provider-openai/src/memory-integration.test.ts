import { createHashingEmbedder, createInMemoryStore, ExtractionError, Memory } from "@engram/core";
import { afterEach, describe, expect, it } from "vitest";
import { completion, type FakeOpenAIServer, startFakeOpenAI } from "../test/fake-openai-server.js";
import { createOpenAIChatModel } from "./openai-chat-model.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The operations a careful model would return for the prompt: supersede the listed Lisbon memory. */
function operationsFor(prompt: string): string {
  const lisbon = /^(\d+)\. \[fact\] Lives in Lisbon$/mu.exec(prompt)?.[1];
  if (!lisbon)
    return JSON.stringify({
      operations: [{ event: "ADD", text: "Lives in Lisbon", type: "fact", target: null, supersedes: null }],
    });
  return `<think>The user moved; memory ${lisbon} is outdated.</think>\n\`\`\`json\n${JSON.stringify({
    operations: [
      { event: "ADD", text: "Lives in Porto", type: "fact", target: null, supersedes: Number(lisbon) },
    ],
  })}\n\`\`\``;
}

describe("Memory with the OpenAI chat model over the wire", () => {
  it("extracts, supersedes and keeps history with one request per add", async () => {
    server = await startFakeOpenAI((incoming) => {
      const messages = incoming.body.messages as Array<{ content: string }>;
      return completion(operationsFor(messages.map((message) => message.content).join("\n")));
    });
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      llm: createOpenAIChatModel({ model: "qwen3:8b", baseURL: server.baseURL }),
    });
    const alice = { userId: "alice" };
    const [lisbon] = (
      await memory.add([{ role: "user", content: "I live in Lisbon" }], { ...alice, infer: true })
    ).results;
    const moved = await memory.add([{ role: "user", content: "I moved from Lisbon to Porto" }], {
      ...alice,
      infer: true,
    });
    expect(server.requests).toHaveLength(2);
    expect(moved.results).toEqual([
      expect.objectContaining({ event: "ADD", memory: "Lives in Porto", superseded: [lisbon!.id] }),
    ]);
    expect((await memory.getAll(alice)).results.map((item) => item.memory)).toEqual(["Lives in Porto"]);
    expect((await memory.get(lisbon!.id, { anyScope: true }))?.supersededBy).toBe(moved.results[0]!.id);
    expect(JSON.stringify(server.requests[1]!.body)).not.toContain(lisbon!.id);
  });

  it("surfaces two unusable answers as an ExtractionError with the raw text", async () => {
    server = await startFakeOpenAI(() => completion("Sorry, I cannot do that."));
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      llm: createOpenAIChatModel({ model: "tiny-model", baseURL: server.baseURL }),
    });
    const error = await memory
      .add("I live in Lisbon", { userId: "a", infer: true })
      .catch((caught: unknown) => caught);
    expect(ExtractionError.isInstance(error)).toBe(true);
    expect((error as ExtractionError).text).toBe("Sorry, I cannot do that.");
    expect((error as Error).message).toMatch(/openai:tiny-model/);
    expect(server.requests).toHaveLength(2);
  });
});
