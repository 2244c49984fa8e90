import type { ChatMessage } from "@llamaindex/core/llms";

/** The text of LlamaIndex message content: a string, or the text parts of a multi-modal message. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (part && typeof part === "object" && part.type === "text" && typeof part.text === "string")
      texts.push(part.text);
  }
  return texts.join("\n");
}

/** True for the "user" messages agents use to carry tool results (`options.toolResult`). */
export function isToolResult(message: Pick<ChatMessage, "options">): boolean {
  const options: unknown = message.options;
  return typeof options === "object" && options !== null && "toolResult" in options;
}

/** True for assistant messages that request tool calls (`options.toolCall`), i.e. not a final answer. */
export function isToolCall(message: Pick<ChatMessage, "options">): boolean {
  const options: unknown = message.options;
  if (typeof options !== "object" || options === null || !("toolCall" in options)) return false;
  const calls = (options as { toolCall: unknown }).toolCall;
  return Array.isArray(calls) ? calls.length > 0 : Boolean(calls);
}

/** The trimmed text of the latest real user message (tool results excluded), if any. */
export function latestUserText(
  messages: ReadonlyArray<Pick<ChatMessage, "role" | "content" | "options">>,
): string | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role !== "user" || isToolResult(message)) continue;
    const text = contentText(message.content).trim();
    if (text) return text;
  }
  return undefined;
}

/**
 * Converts LlamaIndex messages to the `{ role, content }` messages Engram's `add()` takes, keeping only what
 * people said: user and assistant text, without tool calls, tool results, system or memory messages.
 */
export function toEngramMessages(messages: ReadonlyArray<Pick<ChatMessage, "role" | "content" | "options">>) {
  const result: Array<{ role: "user" | "assistant"; content: string }> = [];
  for (const message of messages) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    if (isToolResult(message) || isToolCall(message)) continue;
    const text = contentText(message.content).trim();
    if (text) result.push({ role: message.role, content: text });
  }
  return result;
}
