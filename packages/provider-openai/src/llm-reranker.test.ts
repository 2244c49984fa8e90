import { createHashingEmbedder, createInMemoryStore, createLlmReranker, Memory } from "@engram/core";
import { afterEach, describe, expect, it } from "vitest";
import { completion, type FakeOpenAIServer, startFakeOpenAI } from "../test/fake-openai-server.js";
import { createOpenAIChatModel } from "./openai-chat-model.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What a careful model answers to the reranking prompt: the memory about the allergy first. */
function scoresFor(prompt: string): string {
  const lines = [...prompt.matchAll(/^(\d+)\. \[\w+\] (.*)$/gmu)];
  return JSON.stringify({
    scores: lines.map(([, number, text]) => ({
      number: Number(number),
      score: text!.includes("allergy") ? 9 : 1,
    })),
  });
}

const alice = { userId: "alice" };
const texts = ["Peanut butter on toast", "Grows peanut plants", "Has a severe peanut allergy"];

describe("createLlmReranker with the OpenAI chat model over the wire", () => {
  it("reranks a search with one structured-output request", async () => {
    server = await startFakeOpenAI((incoming) => {
      const messages = incoming.body.messages as Array<{ content: string }>;
      return completion(scoresFor(messages.map((message) => message.content).join("\n")));
    });
    const llm = createOpenAIChatModel({ model: "qwen3:8b", baseURL: server.baseURL });
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: { reranker: createLlmReranker({ llm }) },
    });
    for (const text of texts) await memory.add(text, alice);
    const { results } = await memory.search("peanut", { ...alice, limit: 1, explain: true });
    expect(results.map((item) => item.memory)).toEqual(["Has a severe peanut allergy"]);
    expect(results[0]!.rerankScore).toBe(9);
    expect(results[0]!.explanation!.rerank).toMatchObject({ reranker: "llm:openai:qwen3:8b", applied: true });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ model: "qwen3:8b", temperature: 0 });
    expect(JSON.stringify(body.response_format)).toContain("memory_relevance");
  });

  it("falls back to the fused order when the model does not answer in time", async () => {
    server = await startFakeOpenAI(() => ({ hang: true }));
    const llm = createOpenAIChatModel({ model: "slow", baseURL: server.baseURL, maxRetries: 0 });
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      retrieval: { reranker: createLlmReranker({ llm, timeoutMs: 50 }) },
    });
    for (const text of texts) await memory.add(text, alice);
    const fused = (await memory.search("peanut", { ...alice, rerank: false })).results.map((item) => item.id);
    const { results } = await memory.search("peanut", { ...alice, explain: true });
    expect(results.map((item) => item.id)).toEqual(fused);
    expect(results[0]!.explanation!.rerank).toMatchObject({ applied: false });
    expect(results[0]!.explanation!.rerank!.fallback).toMatch(/within 50 ms/u);
  });
});
