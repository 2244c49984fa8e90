import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLlm } from "./llm-config.js";
import { answerAndJudge } from "./llm-judge.js";

// A local server speaking the OpenAI chat-completions wire format: it answers "Lisbon", and its judge says
// CORRECT exactly when the graded answer contains the gold answer.
let server: Server;
let baseURL: string;
const requests: Array<{ model: string; system: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const payload = JSON.parse(body) as {
        model: string;
        messages: Array<{ role: string; content: string }>;
      };
      const system = payload.messages.find((message) => message.role === "system")?.content ?? "";
      const user = payload.messages.find((message) => message.role === "user")?.content ?? "";
      requests.push({ model: payload.model, system });
      const gold = /Gold answer: (.*)\n/u.exec(user)?.[1] ?? "";
      const graded = /Answer to grade: (.*)$/u.exec(user)?.[1] ?? "";
      const content = system.includes("You grade")
        ? JSON.stringify({ reasoning: "compared", label: graded.includes(gold) ? "CORRECT" : "WRONG" })
        : JSON.stringify({ answer: "Lisbon" });
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 0,
          model: payload.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("answerAndJudge over @engram/provider-openai", () => {
  it("answers from the memories and grades with the judge model", async () => {
    const models = await loadLlm({ baseURL, apiKey: "test", model: "answerer", judgeModel: "judge" });
    if (typeof models === "string") throw new Error(models);
    const memories = [{ text: "Ana: I moved to Lisbon last spring.", sourceIds: ["D1:1"] }];
    const right = await answerAndJudge({
      ...models,
      question: "Where does Ana live?",
      goldAnswer: "Lisbon",
      memories,
    });
    expect(right).toEqual({ answer: "Lisbon", correct: true });
    const wrong = await answerAndJudge({
      ...models,
      question: "Where does Ana live?",
      goldAnswer: "Porto",
      memories,
    });
    expect(wrong).toEqual({ answer: "Lisbon", correct: false });
    expect(requests.map((request) => request.model)).toEqual(["answerer", "judge", "answerer", "judge"]);
  });

  it("explains that an LLM needs configuration", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    try {
      expect(await loadLlm()).toMatch(/set OPENAI_API_KEY/);
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.url !== undefined) process.env.OPENAI_BASE_URL = saved.url;
    }
  });
});
