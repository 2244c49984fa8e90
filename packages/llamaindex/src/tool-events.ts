import type { AgentEvent, JsonValue } from "@engram/core";

/** A tool call paired with its result, as the event `memory.addEvent()` records. */
export interface ToolCallEvent {
  /** The tool call id (`options.toolCall[].id`, answered by `options.toolResult.id`). */
  id: string;
  /** The event to record: `{ kind: "tool", name, input, output }`. */
  event: AgentEvent & { kind: "tool" };
}

interface PendingCall {
  name: string;
  input?: JsonValue;
}

/** A tool's input as JSON: LlamaIndex gives an object, or a JSON string for partial (streamed) calls. */
function inputOf(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as JsonValue;
    } catch {
      return value;
    }
  }
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}

/**
 * What identifies a call seen again: its id with its name and input, since some servers number calls per
 * response ("call_0") and so reuse ids across turns.
 */
function fingerprint(id: string, call: PendingCall): string {
  return JSON.stringify([id, call.name, call.input ?? null]);
}

/** Forgets the oldest entries of a map or set past `capacity`. */
function bound(entries: Map<string, unknown> | Set<string>, capacity: number): void {
  while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
}

/**
 * Pairs the tool calls of LlamaIndex messages with their results as the agent adds them to memory: an
 * assistant message's `options.toolCall` list opens calls, a message's `options.toolResult` closes one. Calls
 * already paired are remembered (by id, name and input), so a call seen again (history passed back as
 * `chatHistory` is added to memory once more) is not returned twice.
 */
export class ToolCallPairs {
  private readonly open = new Map<string, PendingCall>();
  private readonly paired = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** Reads one message added to memory; returns the call its tool result completes, if any. */
  read(message: unknown): ToolCallEvent | undefined {
    const options: unknown = (message as { options?: unknown } | null)?.options;
    if (typeof options !== "object" || options === null) return undefined;
    const { toolCall, toolResult } = options as { toolCall?: unknown; toolResult?: unknown };
    if (Array.isArray(toolCall)) {
      for (const call of toolCall as Array<{ id?: unknown; name?: unknown; input?: unknown }>) {
        if (typeof call?.id !== "string" || typeof call.name !== "string") continue;
        const input = inputOf(call.input);
        const pending = { name: call.name, ...(input !== undefined ? { input } : {}) };
        if (!this.paired.has(fingerprint(call.id, pending))) this.open.set(call.id, pending);
      }
      bound(this.open, this.capacity);
    }
    const result = toolResult as { id?: unknown; result?: unknown } | undefined;
    if (typeof result?.id !== "string") return undefined;
    const call = this.open.get(result.id);
    if (!call) return undefined;
    this.open.delete(result.id);
    this.paired.add(fingerprint(result.id, call));
    bound(this.paired, this.capacity);
    const output = typeof result.result === "string" ? result.result : (inputOf(result.result) ?? "");
    return { id: result.id, event: { kind: "tool", ...call, output } };
  }

  /** Forgets the calls still waiting for a result (the ids already paired stay remembered). */
  clear(): void {
    this.open.clear();
  }
}
