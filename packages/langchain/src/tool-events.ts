import type { AgentEvent, JsonValue } from "@engram/core";
import type { BaseMessage } from "@langchain/core/messages";

/** A tool call the agent made, paired with its result, as the event `memory.addEvent()` records. */
export interface ToolCallEvent {
  /** The tool call id (`AIMessage.tool_calls[].id`, answered by `ToolMessage.tool_call_id`). */
  id: string;
  /** The event to record: `{ kind: "tool", name, input, output }`. */
  event: AgentEvent & { kind: "tool" };
}

interface ToolCall {
  id?: string;
  name: string;
  args?: unknown;
}

/** A value as plain JSON (tool arguments are JSON in practice; anything else becomes its string form). */
function jsonValue(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}

/** What a ToolMessage says: its text, else its content blocks as JSON. */
function resultOf(message: BaseMessage): JsonValue {
  const text = message.text.trim();
  if (text || typeof message.content === "string") return text;
  return jsonValue(message.content) ?? "";
}

/**
 * The tool calls in `messages` (the `tool_calls` of AI messages) paired by id with their results (the
 * `ToolMessage` whose `tool_call_id` answers them), in call order. Calls without an id or without a result yet
 * are left out: an episode records what happened.
 */
export function toolCallEvents(messages: readonly BaseMessage[]): ToolCallEvent[] {
  const results = new Map<string, JsonValue>();
  for (const message of messages) {
    if (message.getType() !== "tool") continue;
    const id = (message as { tool_call_id?: unknown }).tool_call_id;
    if (typeof id === "string" && id) results.set(id, resultOf(message));
  }
  const events: ToolCallEvent[] = [];
  for (const message of messages) {
    if (message.getType() !== "ai") continue;
    const calls = (message as { tool_calls?: ToolCall[] }).tool_calls;
    if (!Array.isArray(calls)) continue;
    for (const call of calls) {
      if (typeof call?.id !== "string" || !results.has(call.id) || typeof call.name !== "string") continue;
      const input = jsonValue(call.args);
      events.push({
        id: call.id,
        event: {
          kind: "tool",
          name: call.name,
          ...(input !== undefined ? { input } : {}),
          output: results.get(call.id)!,
        },
      });
    }
  }
  return events;
}
