import { describe, expect, it } from "vitest";
import type { ChatModelRequest } from "./chat-model.js";
import { MockChatModel } from "./mock-chat-model.js";

const request = (content: string): ChatModelRequest => ({
  messages: [{ role: "user", content }],
  responseFormat: { name: "x", schema: { type: "object" } },
});

describe("MockChatModel", () => {
  it("answers every call with a single scripted answer and records the requests", async () => {
    const model = new MockChatModel({ generate: '{"operations":[]}' });
    expect(await model.generate(request("a"))).toEqual({ text: '{"operations":[]}', finishReason: "stop" });
    await model.generate(request("b"));
    expect(model.calls.map((call) => call.messages[0]!.content)).toEqual(["a", "b"]);
    expect(model.specificationVersion).toBe("v1");
  });

  it("answers from an array, one entry per call, and fails clearly past its end", async () => {
    const model = new MockChatModel({ generate: ["first", { text: "second", finishReason: "length" }] });
    expect((await model.generate(request("1"))).text).toBe("first");
    expect(await model.generate(request("2"))).toEqual({ text: "second", finishReason: "length" });
    await expect(model.generate(request("3"))).rejects.toThrow(
      /called 3 times but only 2 answers were scripted/,
    );
  });

  it("answers with a function of the request and the call index", async () => {
    const model = new MockChatModel({
      name: "echo",
      generate: (call, index) => `${index}:${call.messages[0]!.content}`,
    });
    expect((await model.generate(request("hi"))).text).toBe("0:hi");
    expect((await model.generate(request("yo"))).text).toBe("1:yo");
    expect(model.name).toBe("echo");
  });

  it("defaults to an empty operation list", async () => {
    expect((await new MockChatModel().generate(request("x"))).text).toBe('{"operations":[]}');
  });
});
