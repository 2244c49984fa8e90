import { InvalidArgumentError } from "../errors/index.js";
import type { ChatMessage, MemorySource } from "../types.js";
import { checkDate } from "../validate/check-date.js";
import { checkWellFormedText, maxMemoryTextLength } from "../validate/well-formed.js";

/** The most messages one `add()` takes. */
export const maxMessagesPerAdd = 1000;

function sourceField(value: unknown, argument: string): string {
  if ((typeof value !== "string" && typeof value !== "number") || String(value).length > 256) {
    throw new InvalidArgumentError({
      argument,
      message: "expected a string (or number) of at most 256 characters.",
    });
  }
  return checkWellFormedText(String(value), argument);
}

/** Checks a message's `timestamp` (ISO 8601 string with a time zone, Date, or epoch milliseconds) as an ISO string. */
function messageTime(value: unknown, argument: string): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError({
        argument,
        message: "expected epoch milliseconds as a finite number, an ISO 8601 string or a Date.",
      });
    }
    return checkDate(new Date(value), argument);
  }
  return checkDate(value, argument);
}

/** A message reduced to its text and provenance. */
export interface NormalizedMessage {
  /** The message text, trimmed. */
  text: string;
  /** Where it came from. */
  source: MemorySource;
}

function contentText(content: ChatMessage["content"], index: number): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === "string" ? part : typeof part?.text === "string" ? part.text : ""))
      .filter(Boolean)
      .join("\n");
  }
  throw new InvalidArgumentError({
    argument: `messages[${index}].content`,
    message: 'expected a string or an array of text parts ({ type: "text", text }).',
  });
}

/**
 * Turns `add()` input into texts with their sources. A string is one user message. System and tool messages
 * are instructions and tool output, not things a user said, so they are skipped; empty messages too. Each text
 * is at most `maxLength` characters (`maxMemoryTextLength` when messages are stored as they are). `timestamp` is
 * the time of messages without one of their own (the add's `timestamp`), kept as `source.timestamp`.
 */
export function normalizeMessages(
  input: unknown,
  maxLength = maxMemoryTextLength,
  timestamp?: string,
): NormalizedMessage[] {
  const said = timestamp === undefined ? {} : { timestamp };
  if (typeof input === "string") {
    if (!input.trim())
      throw new InvalidArgumentError({
        argument: "messages",
        message: "the text is empty; pass what should be remembered.",
      });
    return [
      { text: checkWellFormedText(input, "messages", maxLength).trim(), source: { role: "user", ...said } },
    ];
  }
  if (!Array.isArray(input)) {
    throw new InvalidArgumentError({
      argument: "messages",
      message: "expected a string or an array of chat messages ({ role, content }).",
    });
  }
  if (input.length > maxMessagesPerAdd) {
    throw new InvalidArgumentError({
      argument: "messages",
      message: `one add() takes at most ${maxMessagesPerAdd} messages, got ${input.length}; add long transcripts in parts.`,
    });
  }
  const result: NormalizedMessage[] = [];
  input.forEach((message: ChatMessage, index) => {
    if (typeof message !== "object" || message === null || typeof message.role !== "string") {
      throw new InvalidArgumentError({
        argument: `messages[${index}]`,
        message: "expected { role, content }.",
      });
    }
    if (message.role === "system" || message.role === "tool") return;
    const role = sourceField(message.role, `messages[${index}].role`);
    const text = checkWellFormedText(
      contentText(message.content, index),
      `messages[${index}].content`,
      maxLength,
    ).trim();
    if (!text) return;
    const source: NormalizedMessage["source"] = { role };
    if (message.id !== undefined) source.messageId = sourceField(message.id, `messages[${index}].id`);
    if (message.name !== undefined) source.name = sourceField(message.name, `messages[${index}].name`);
    if (message.timestamp !== undefined)
      source.timestamp = messageTime(message.timestamp, `messages[${index}].timestamp`);
    else if (timestamp !== undefined) source.timestamp = timestamp;
    result.push({ text, source });
  });
  return result;
}
