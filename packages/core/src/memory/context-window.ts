import { InvalidArgumentError } from "../errors/index.js";
import { describeValue } from "../validate/describe-value.js";
import type { NormalizedMessage } from "./normalize-messages.js";

/** How many neighbouring messages of the same `add()` are indexed with each message (as its `context`). */
export interface ContextWindow {
  /** Messages before it (the question an answer replies to). @default 0 */
  before?: number;
  /** Messages after it (the reply a statement gets). @default 0 */
  after?: number;
}

/** Most neighbouring messages on either side. */
export const maxContextMessages = 20;

/**
 * The window a message array gets when `add()` names none: the 2 preceding messages, chosen leave-one-conversation-out
 * on the LoCoMo development split (BENCHMARKS.md, "LoCoMo retrieval"). No following message: it gained 0.1 points
 * there, but makes a statement and its reply index alike in a two-message add (a chat turn), which pushed the
 * statement below the adapters' relevance floor. A string add is one message and gets no context.
 */
export const defaultContextWindow: Readonly<Required<ContextWindow>> = { before: 2, after: 0 };

function side(value: unknown, argument: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > maxContextMessages) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number of messages from 0 to ${maxContextMessages}, got ${describeValue(value)}.`,
    });
  }
  return value;
}

/**
 * Checks `options.contextWindow`: a number (preceding messages), `{ before, after }`, or absent: then a message
 * array gets `defaultContextWindow` and a string none. `0` turns context off.
 */
export function resolveContextWindow(value: unknown, messageArray: boolean): Required<ContextWindow> {
  if (value === undefined) return messageArray ? { ...defaultContextWindow } : { before: 0, after: 0 };
  if (typeof value === "number") return { before: side(value, "options.contextWindow"), after: 0 };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({
      argument: "options.contextWindow",
      message: `expected a number of preceding messages (0 turns context off) or { before, after }, got ${describeValue(value)}.`,
    });
  }
  const unknown = Object.keys(value).filter((key) => key !== "before" && key !== "after");
  if (unknown.length) {
    throw new InvalidArgumentError({
      argument: "options.contextWindow",
      message: `unknown key "${unknown[0]}"; use { before, after }.`,
    });
  }
  const window = value as ContextWindow;
  return {
    before: side(window.before, "options.contextWindow.before"),
    after: side(window.after, "options.contextWindow.after"),
  };
}

/** A neighbouring message as context: "Name: text" when it names its speaker, so the speaker is searchable too. */
function contextLine(message: NormalizedMessage): string {
  return message.source.name ? `${message.source.name}: ${message.text}` : message.text;
}

/** The context of `messages[index]`: its neighbours within the window, one per line, in conversation order. */
export function neighbourContext(
  messages: readonly NormalizedMessage[],
  index: number,
  window: Required<ContextWindow>,
): string {
  const before = messages.slice(Math.max(0, index - window.before), index);
  const after = window.after ? messages.slice(index + 1, index + 1 + window.after) : [];
  return [...before, ...after].map(contextLine).join("\n");
}
