import type { AgentEvent, JsonValue } from "@engram/core";
import type { Prompt } from "./sdk-types.js";

/** A tool call paired with its result, as the event `memory.addEvent()` records. */
export interface ToolCallEvent {
  /** The tool call id (`toolCallId` of the tool-call part and of the tool-result part answering it). */
  id: string;
  /** The event to record: `{ kind: "tool", name, input, output }`. */
  event: AgentEvent & { kind: "tool" };
}

/** A tool-call or tool-result part, of a prompt message or of a model's output (generate content, stream). */
export interface ToolPart {
  type: string;
  toolCallId?: unknown;
  toolName?: unknown;
  /** The call's input: an object in prompts, a JSON string in model output. */
  input?: unknown;
  /** A prompt tool-result's output: `{ type: "text" | "json" | "error-text" | …, value }`. */
  output?: unknown;
  /** A model-output tool-result's value (provider-executed tools). */
  result?: unknown;
}

function json(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}

/** A model-output input is a JSON string; a prompt input is the parsed value. */
function inputOf(part: ToolPart): JsonValue | undefined {
  if (typeof part.input !== "string") return json(part.input);
  try {
    return JSON.parse(part.input) as JsonValue;
  } catch {
    return part.input;
  }
}

/** The result a tool-result part carries, in words or JSON. */
function outputOf(part: ToolPart): JsonValue {
  if (part.output === undefined) return json(part.result) ?? "";
  const output = part.output as { type?: unknown; value?: unknown; reason?: unknown };
  if (output.type === "execution-denied")
    return `Execution denied${typeof output.reason === "string" ? `: ${output.reason}` : ""}`;
  if (output.type === "content" && Array.isArray(output.value)) {
    const texts = output.value.flatMap((item: { type?: unknown; text?: unknown }) =>
      item?.type === "text" && typeof item.text === "string" ? [item.text] : [],
    );
    return texts.join("\n");
  }
  return json(output.value) ?? "";
}

/** The messages of the latest turn: everything after the last user message (the whole prompt without one). */
function latestTurn(prompt: Prompt): Prompt {
  for (let index = prompt.length - 1; index >= 0; index--)
    if (prompt[index]!.role === "user") return prompt.slice(index + 1);
  return prompt;
}

/**
 * The tool calls of the turn that just finished, paired by `toolCallId` with their results: the tool-call and
 * tool-result parts of the prompt after the latest user message, plus those of the final step's own output
 * (provider-executed tools). Calls without a result are left out: an episode records what happened.
 */
export function toolCallEvents(prompt: Prompt, output: readonly ToolPart[] = []): ToolCallEvent[] {
  const parts: ToolPart[] = [];
  for (const message of latestTurn(prompt)) {
    if (typeof message.content === "string") continue;
    parts.push(...(message.content as ToolPart[]));
  }
  parts.push(...output);
  const results = new Map<string, JsonValue>();
  for (const part of parts)
    if (part.type === "tool-result" && typeof part.toolCallId === "string")
      results.set(part.toolCallId, outputOf(part));
  const events: ToolCallEvent[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const id = part.toolCallId;
    if (part.type !== "tool-call" || typeof id !== "string" || typeof part.toolName !== "string") continue;
    if (!results.has(id) || seen.has(id)) continue;
    seen.add(id);
    const input = inputOf(part);
    const event = { kind: "tool" as const, name: part.toolName, output: results.get(id)! };
    events.push({ id, event: input === undefined ? event : { ...event, input } });
  }
  return events;
}
