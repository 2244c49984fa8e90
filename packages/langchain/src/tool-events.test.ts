import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { toolCallEvents } from "./tool-events.js";

describe("toolCallEvents", () => {
  it("pairs tool calls with their ToolMessage by id, in call order, and leaves out calls without a result", () => {
    const messages = [
      new HumanMessage("Plan my day"),
      new AIMessage({
        content: "",
        tool_calls: [
          { id: "b", name: "calendar", args: { day: "monday" } },
          { id: "a", name: "weather", args: { city: "Oslo" } },
          { id: "pending", name: "email", args: {} },
        ],
      }),
      new ToolMessage({ tool_call_id: "a", content: "Rain" }),
      new ToolMessage({ tool_call_id: "b", content: [{ type: "text", text: "Two meetings" }] }),
      new ToolMessage({ tool_call_id: "orphan", content: "no call" }),
    ];
    expect(toolCallEvents(messages)).toEqual([
      {
        id: "b",
        event: { kind: "tool", name: "calendar", input: { day: "monday" }, output: "Two meetings" },
      },
      { id: "a", event: { kind: "tool", name: "weather", input: { city: "Oslo" }, output: "Rain" } },
    ]);
  });
});
