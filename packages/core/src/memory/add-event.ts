import { InvalidArgumentError } from "../errors/index.js";
import { describeValue } from "../validate/describe-value.js";
import type { JsonValue, ScopeSelector } from "../types.js";
import { checkKnownKeys, checkWellFormedText } from "../validate/well-formed.js";
import { screenOperations, writeGuards } from "../extraction/screen-operations.js";
import { checkMetadata, requireScope } from "../scope.js";
import type { ExtractionSettings } from "./add-memories.js";
import { applyOperations } from "./apply-operations.js";
import { checkActor } from "./by-id-writes.js";
import { checkExpiresAt, checkImportance } from "./lifecycle-options.js";
import type { GuardedOperation } from "./memory-operation.js";
import type { MemoryContext } from "./memory-context.js";
import type { AddResult, AddSettings } from "./memory-options.js";

/** Something an agent did: a tool call and its result, or an event such as a finished task or a changed plan. */
export interface AgentEvent {
  /** "tool" for a tool call, "event" for anything else the agent reports. */
  kind: "tool" | "event";
  /** The tool's name, or the event's (e.g. "task-finished", "plan-changed"). */
  name: string;
  /** What happened, in words; without it the text is rendered from `input` and `output`. */
  text?: string;
  /** The tool's arguments (kept short in the text). */
  input?: JsonValue;
  /** The tool's result (kept short in the text). */
  output?: JsonValue;
}

/** Options of `addEvent()`: a scope plus the verbatim-add settings that make sense for an episode. */
export type AddEventOptions = ScopeSelector &
  Pick<AddSettings, "metadata" | "actor" | "source" | "expiresAt" | "importance">;

/** Longest rendering of a tool's input or output inside the episode text. */
const maxPart = 300;

function compact(value: JsonValue): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // Cutting may split a surrogate pair: the episode text stays well-formed.
  return (text.length > maxPart ? `${text.slice(0, maxPart - 1)}…` : text).toWellFormed();
}

/** Refuses a tool input or output that is not JSON (BigInt, a cycle, a function, a getter that throws). */
function checkJsonPart(value: unknown, argument: string): void {
  if (value === undefined) return;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a JSON value (no BigInt, cycles or getters that throw): ${cause instanceof Error ? cause.message : "it could not be serialised"}.`,
      cause,
    });
  }
  if (json === undefined)
    throw new InvalidArgumentError({
      argument,
      message: `expected a JSON value (a string, number, boolean, null, array or plain object), got ${describeValue(value)}.`,
    });
}

/** The episode text of an event. */
export function eventText(event: AgentEvent): string {
  if (event.text !== undefined) return event.text.trim();
  const input = event.input === undefined ? "" : ` with ${compact(event.input)}`;
  const output = event.output === undefined ? "" : ` → ${compact(event.output)}`;
  return event.kind === "tool" ? `Called ${event.name}${input}${output}` : `${event.name}${input}${output}`;
}

/**
 * Implements `memory.addEvent()`: records what an agent did as an `episode` memory whose source role is the
 * event's kind ("tool" or "event") and name, never as user text; repeated events are all kept (no dedup).
 */
export async function addEvent(
  context: MemoryContext,
  event: AgentEvent,
  options: AddEventOptions,
  settings: ExtractionSettings,
): Promise<AddResult> {
  if (typeof event !== "object" || event === null || (event.kind !== "tool" && event.kind !== "event")) {
    throw new InvalidArgumentError({
      argument: "event",
      message:
        'expected { kind: "tool" | "event", name, text?, input?, output? }, e.g. { kind: "tool", name: "search_flights", input: { to: "Rome" }, output: "3 flights" }.',
    });
  }
  checkKnownKeys(event, ["kind", "name", "text", "input", "output"], "event");
  const name = checkWellFormedText(event.name, "event.name").trim();
  if (!name || name.length > 200)
    throw new InvalidArgumentError({
      argument: "event.name",
      message: "expected a name of 1 to 200 characters.",
    });
  if (event.text !== undefined) checkWellFormedText(event.text, "event.text");
  checkJsonPart(event.input, "event.input");
  checkJsonPart(event.output, "event.output");
  checkKnownKeys(
    options,
    ["userId", "agentId", "runId", "metadata", "actor", "source", "expiresAt", "importance"],
    "options",
  );
  const text = eventText({ ...event, name });
  if (!text)
    throw new InvalidArgumentError({ argument: "event.text", message: "expected what happened, in words." });
  const scope = requireScope(options, "addEvent");
  const metadata = { ...checkMetadata(options.metadata), event: name };
  const expiresAt = checkExpiresAt(options.expiresAt, "options.expiresAt");
  const importance = checkImportance(options.importance, "options.importance");
  const actor = checkActor(options.actor) ?? context.actor;
  const runId = options.source?.runId;
  if (options.source !== undefined) checkKnownKeys(options.source, ["runId"], "options.source");
  // Chat input skips tool messages, so the episode is planned here, with the event's kind as its source role.
  const planned: GuardedOperation = {
    event: "ADD",
    memory: text,
    type: "episode",
    metadata,
    sources: [
      {
        role: event.kind,
        name,
        ...(runId !== undefined
          ? { runId: requireScope({ runId }, "addEvent", "options.source").runId! }
          : {}),
      },
    ],
  };
  const screened = await screenOperations([planned], {
    scope,
    ...writeGuards(settings.options, scope.agentId),
    findDuplicate: () => Promise.resolve(undefined),
  });
  const applied = await applyOperations(context, scope, screened.operations, actor, {
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(importance !== undefined ? { importance } : {}),
  });
  const skipped = [...screened.skipped, ...applied.skipped];
  return skipped.length ? { results: applied.results, skipped } : { results: applied.results };
}
