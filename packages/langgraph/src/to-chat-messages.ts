import type { ChatMessage } from "@engram/core";
import type { BaseMessage } from "@langchain/core/messages";

const roles: Record<string, string> = {
  human: "user",
  ai: "assistant",
  system: "system",
  tool: "tool",
  developer: "system",
};

/** Converts LangChain messages to Engram chat messages (text only; messages without text are dropped). */
export function toChatMessages(messages: readonly BaseMessage[]): ChatMessage[] {
  const converted: ChatMessage[] = [];
  for (const message of messages) {
    const text = message.text.trim();
    if (!text) continue;
    const type = message.getType();
    const role =
      roles[type] ?? (type === "generic" ? String((message as { role?: unknown }).role ?? "user") : type);
    const chat: ChatMessage = { role, content: text };
    if (message.id) chat.id = message.id;
    if (message.name) chat.name = message.name;
    converted.push(chat);
  }
  return converted;
}

/** The messages of the last turn: from the last human message to the end (everything when there is none). */
export function lastTurn<TMessage extends BaseMessage>(messages: readonly TMessage[]): TMessage[] {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]!.getType() === "human") return messages.slice(index);
  }
  return [...messages];
}
