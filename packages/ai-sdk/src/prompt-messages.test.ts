import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { endsWithUserMessage, insertSystemMessage, latestUserText } from "./prompt-messages.js";

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });
const system = (content: string) => ({ role: "system" as const, content });

describe("insertSystemMessage", () => {
  it("goes after every leading system message and before the first other message", () => {
    const prompt: LanguageModelV3Prompt = [
      system("a"),
      system("b"),
      user("hi"),
      { role: "assistant", content: [] },
      user("again"),
    ];
    expect(
      insertSystemMessage(prompt, "m").map((message) =>
        message.role === "system" ? message.content : message.role,
      ),
    ).toEqual(["a", "b", "m", "user", "assistant", "user"]);
  });

  it("goes last in a system-only prompt, first in a prompt without system messages, and leaves the input alone", () => {
    const onlySystem: LanguageModelV3Prompt = [system("a")];
    expect(insertSystemMessage(onlySystem, "m")).toEqual([system("a"), system("m")]);
    expect(onlySystem).toEqual([system("a")]);
    expect(insertSystemMessage([user("hi")], "m")).toEqual([system("m"), user("hi")]);
  });
});

describe("latestUserText and endsWithUserMessage", () => {
  it("reads the latest user message's text parts, skipping files", () => {
    const prompt: LanguageModelV3Prompt = [
      user("first"),
      {
        role: "user",
        content: [
          { type: "text", text: "look at" },
          { type: "file", data: "aGk=", mediaType: "text/plain" },
          { type: "text", text: "this" },
        ],
      },
      { role: "tool", content: [] },
    ];
    expect(latestUserText(prompt)).toBe("look at\nthis");
    expect(endsWithUserMessage(prompt)).toBe(false);
    expect(endsWithUserMessage(prompt.slice(0, 2))).toBe(true);
    expect(latestUserText([system("only")])).toBeUndefined();
  });
});
