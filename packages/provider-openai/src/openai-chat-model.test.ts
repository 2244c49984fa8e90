import { EngramError, type ChatModelRequest, InvalidArgumentError } from "@engram/core";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  completion,
  type FakeOpenAIServer,
  type FakeReply,
  failure,
  type RecordedRequest,
  startFakeOpenAI,
} from "../test/fake-openai-server.js";
import { createOpenAIChatModel } from "./openai-chat-model.js";

const request: ChatModelRequest = {
  messages: [
    { role: "system", content: "You extract memories. Answer with JSON." },
    { role: "user", content: "I moved to Porto." },
  ],
  responseFormat: {
    name: "memory_operations",
    schema: {
      type: "object",
      properties: { operations: { type: "array" } },
      required: ["operations"],
      additionalProperties: false,
    },
  },
  temperature: 0,
  maxOutputTokens: 500,
};
const answer = '{"operations":[]}';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (reply: (request: RecordedRequest, index: number) => FakeReply) => {
  server = await startFakeOpenAI(reply);
  return server;
};

describe("createOpenAIChatModel", () => {
  it("sends a json_schema request and returns text, finish reason and usage", async () => {
    const { baseURL, requests } = await start(() => completion(answer));
    const model = createOpenAIChatModel({ model: "gpt-4o-mini", baseURL, apiKey: "sk-test" });
    expect(await model.generate(request)).toEqual({
      text: answer,
      finishReason: "stop",
      usage: { inputTokens: 321, outputTokens: 12 },
    });
    expect(model.name).toBe("openai:gpt-4o-mini");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe("/v1/chat/completions");
    expect(requests[0]!.headers.authorization).toBe("Bearer sk-test");
    expect(requests[0]!.body).toEqual({
      model: "gpt-4o-mini",
      messages: request.messages,
      temperature: 0,
      max_tokens: 500,
      response_format: {
        type: "json_schema",
        json_schema: { name: "memory_operations", schema: request.responseFormat.schema, strict: true },
      },
    });
  });

  it("retries a 429 with backoff, then succeeds", async () => {
    const { baseURL, requests } = await start((_request, index) =>
      index === 0 ? failure(429, "Rate limit reached", { "retry-after-ms": "20" }) : completion(answer),
    );
    const model = createOpenAIChatModel({ model: "gpt-4o-mini", baseURL, maxRetries: 2 });
    expect((await model.generate(request)).text).toBe(answer);
    expect(requests).toHaveLength(2);
  });

  it("gives up on a persistent 500 with an error naming the model, the server and the retries", async () => {
    const { baseURL, requests } = await start(() =>
      failure(500, "upstream exploded", { "retry-after-ms": "5" }),
    );
    const model = createOpenAIChatModel({ model: "llama3.1:8b", baseURL, maxRetries: 1 });
    const error = await Promise.resolve(model.generate(request)).catch((caught: unknown) => caught);
    expect(EngramError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /\[provider-openai\] The chat model "llama3\.1:8b" at http:\/\/127\.0\.0\.1:\d+\/v1 failed with a server error \(500\) after 1 retry: upstream exploded\. Check the server's logs\./,
    );
    expect(requests).toHaveLength(2);
  });

  it("times out a hanging server and says what to check", async () => {
    const { baseURL } = await start(() => ({ hang: true }));
    const model = createOpenAIChatModel({ model: "qwen2.5:7b", baseURL, timeout: 200, maxRetries: 0 });
    const started = Date.now();
    await expect(model.generate(request)).rejects.toThrow(
      /"qwen2\.5:7b" at .* timed out after 200 ms\. Check that the server is up/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("rejects a 200 answer that is not a chat completion, and a body that is not JSON", async () => {
    const { baseURL } = await start((_request, index) =>
      index === 0
        ? { contentType: "text/html", body: "<html>Welcome to nginx</html>" }
        : { body: '{"choices": [', contentType: "application/json" },
    );
    const model = createOpenAIChatModel({ model: "m", baseURL, maxRetries: 0 });
    await expect(model.generate(request)).rejects.toThrow(
      /returned something that is not a chat completion \(starts with "<html>Welcome to nginx/,
    );
    await expect(model.generate(request)).rejects.toThrow(/not JSON.*OpenAI-compatible \/v1 endpoint/);
  });

  it("falls back to json_object, then to a prompted schema, when the server rejects json_schema, and remembers it", async () => {
    const { baseURL, requests } = await start((incoming) => {
      const format = (incoming.body.response_format as { type?: string } | undefined)?.type;
      if (format === "json_schema")
        return failure(400, "response_format.type 'json_schema' is not supported by this server");
      if (format === "json_object") return failure(400, "Unrecognized response_format json_object");
      return completion(`\`\`\`json\n${answer}\n\`\`\``);
    });
    const model = createOpenAIChatModel({ model: "local", baseURL });
    expect((await model.generate(request)).text).toContain(answer);
    expect(
      requests.map((entry) => (entry.body.response_format as { type?: string } | undefined)?.type),
    ).toEqual(["json_schema", "json_object", undefined]);
    const system = (requests[2]!.body.messages as Array<{ role: string; content: string }>)[0]!;
    expect(system.content).toMatch(
      /^You extract memories\. Answer with JSON\.\nAnswer with only a JSON object .* JSON Schema:\n\{"type":"object"/s,
    );
    await model.generate(request);
    expect(requests).toHaveLength(4);
    expect(requests[3]!.body.response_format).toBeUndefined();
  });

  it("stops at json_object when the server accepts it", async () => {
    const { baseURL, requests } = await start((incoming) =>
      (incoming.body.response_format as { type: string }).type === "json_schema"
        ? failure(422, "json_schema: unknown field")
        : completion(answer),
    );
    const model = createOpenAIChatModel({ model: "local", baseURL });
    expect((await model.generate(request)).text).toBe(answer);
    expect(requests.map((entry) => (entry.body.response_format as { type: string }).type)).toEqual([
      "json_schema",
      "json_object",
    ]);
  });

  it("does not fall back on errors unrelated to the response format, nor in a fixed mode", async () => {
    const { baseURL, requests } = await start(() =>
      failure(400, "This model's maximum context length is 8192 tokens"),
    );
    const model = createOpenAIChatModel({ model: "gpt-4o-mini", baseURL });
    await expect(model.generate(request)).rejects.toThrow(
      /rejected the request \(400: This model's maximum context length/,
    );
    expect(requests).toHaveLength(1);
    const fixed = createOpenAIChatModel({ model: "gpt-4o-mini", baseURL, structuredOutput: "json_schema" });
    await expect(fixed.generate(request)).rejects.toThrow(/400/);
  });

  it("names the credentials on 401 and the model on 404", async () => {
    const { baseURL } = await start((_request, index) =>
      index === 0 ? failure(401, "Incorrect API key provided") : failure(404, "model 'nope' not found"),
    );
    const model = createOpenAIChatModel({ model: "nope", baseURL, maxRetries: 0 });
    await expect(model.generate(request)).rejects.toThrow(
      /rejected the credentials \(401: Incorrect API key provided\)\. Check apiKey or OPENAI_API_KEY/,
    );
    await expect(model.generate(request)).rejects.toThrow(/was not found \(404.*ollama pull nope/);
  });

  it("explains a refused connection", async () => {
    const { baseURL } = await start(() => completion(answer));
    await server!.close();
    server = undefined;
    const model = createOpenAIChatModel({ model: "m", baseURL, maxRetries: 0 });
    await expect(model.generate(request)).rejects.toThrow(
      /could not be reached .*Check baseURL \(Ollama: http:\/\/localhost:11434\/v1/,
    );
  });

  it("reports a refusal and passes a truncated answer's finish reason through", async () => {
    const { baseURL } = await start((_request, index) =>
      index === 0
        ? completion(null, { refusal: "I can't help with that." })
        : completion('{"operations":[', { finishReason: "length" }),
    );
    const model = createOpenAIChatModel({ model: "m", baseURL });
    await expect(model.generate(request)).rejects.toThrow(/refused to answer: I can't help with that\./);
    expect(await model.generate(request)).toMatchObject({ text: '{"operations":[', finishReason: "length" });
  });

  it("uses a passed-in client, and the max_completion_tokens field when asked", async () => {
    const { baseURL, requests } = await start(() => completion(answer));
    const client = new OpenAI({ apiKey: "from-client", baseURL });
    const model = createOpenAIChatModel({
      model: "o4-mini",
      client,
      maxTokensParameter: "max_completion_tokens",
    });
    await model.generate(request);
    expect(requests[0]!.headers.authorization).toBe("Bearer from-client");
    expect(requests[0]!.body.max_completion_tokens).toBe(500);
    expect(requests[0]!.body.max_tokens).toBeUndefined();
  });

  it("validates its options", () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => createOpenAIChatModel({ model: "gpt-4o-mini" })).toThrow(/no API key.*baseURL/);
      expect(() => createOpenAIChatModel({ model: "", baseURL: "http://x/v1" })).toThrow(
        InvalidArgumentError,
      );
      expect(() => createOpenAIChatModel({ model: "m", baseURL: "http://x/v1", timeout: -1 })).toThrow(
        /options\.timeout/,
      );
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
