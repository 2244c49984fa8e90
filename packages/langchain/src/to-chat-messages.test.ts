import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { lastTurn, toChatMessages } from "./to-chat-messages.js";

describe("message conversion", () => {
  it("maps roles, keeps ids and text blocks, and drops empty messages", () => {
    const messages = [
      new SystemMessage("be nice"),
      new HumanMessage({ id: "h1", content: [{ type: "text", text: "I live in Oslo" }] }),
      new AIMessage({ content: "", tool_calls: [{ name: "x", args: {}, id: "c1", type: "tool_call" }] }),
      new ToolMessage({ content: "result", tool_call_id: "c1" }),
      new AIMessage({ id: "a1", content: "Nice!" }),
    ];
    expect(toChatMessages(messages)).toEqual([
      { role: "system", content: "be nice" },
      { role: "user", content: "I live in Oslo", id: "h1" },
      { role: "tool", content: "result" },
      { role: "assistant", content: "Nice!", id: "a1" },
    ]);
  });

  it("takes the last turn from the last human message", () => {
    const messages = [
      new HumanMessage("one"),
      new AIMessage("a"),
      new HumanMessage("two"),
      new AIMessage("b"),
    ];
    expect(lastTurn(messages).map((message) => message.text)).toEqual(["two", "b"]);
    expect(lastTurn([new AIMessage("only")])).toHaveLength(1);
  });
});
