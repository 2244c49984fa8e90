import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { toolCallEvents } from "./tool-events.js";

const call = (toolCallId: string, toolName: string, input: unknown) => ({
  type: "tool-call" as const,
  toolCallId,
  toolName,
  input,
});

describe("toolCallEvents", () => {
  it("pairs the latest turn's calls with their results by id and renders every output kind", () => {
    const prompt: LanguageModelV3Prompt = [
      { role: "user", content: [{ type: "text", text: "earlier" }] },
      { role: "assistant", content: [call("old", "weather", { city: "Rome" })] },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "old",
            toolName: "weather",
            output: { type: "text", value: "x" },
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "now" }] },
      {
        role: "assistant",
        content: [
          call("a", "search", { q: "tea" }),
          call("b", "fetch", { url: "u" }),
          call("c", "delete", {}),
          call("d", "pending", {}),
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "a",
            toolName: "search",
            output: { type: "json", value: { hits: 2 } },
          },
          {
            type: "tool-result",
            toolCallId: "b",
            toolName: "fetch",
            output: { type: "content", value: [{ type: "text", text: "page" }] },
          },
          {
            type: "tool-result",
            toolCallId: "c",
            toolName: "delete",
            output: { type: "execution-denied", reason: "not allowed" },
          },
        ],
      },
    ];
    const provider = [
      {
        type: "tool-call",
        toolCallId: "p",
        toolName: "web_search",
        input: '{"q":"news"}',
        providerExecuted: true,
      },
      { type: "tool-result", toolCallId: "p", toolName: "web_search", result: { results: 1 } },
    ];
    expect(
      toolCallEvents(prompt, provider).map(({ id, event }) => [id, event.name, event.input, event.output]),
    ).toEqual([
      ["a", "search", { q: "tea" }, { hits: 2 }],
      ["b", "fetch", { url: "u" }, "page"],
      ["c", "delete", {}, "Execution denied: not allowed"],
      ["p", "web_search", { q: "news" }, { results: 1 }],
    ]);
  });
});
