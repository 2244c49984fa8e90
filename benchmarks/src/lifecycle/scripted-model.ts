// The "recording model" of the lifecycle benchmark: there is no network and no recorded real-model answers, so a
// scripted oracle answers from the generator's ground truth. It is not a real LLM: it is a perfect extractor that
// sees only what Engram shows it (the related memories of the prompt), so what it cannot fix is Engram's doing.
import type { ChatModel, ChatModelRequest, ChatModelResult } from "@engram/core";
import { countTokens } from "../stats/tokens.js";
import type { UserMessage } from "./generator.js";
import { answerConsolidation } from "./scripted-consolidation.js";
import { slotDefinition, slots } from "./topics.js";

/** One request the model received. */
export interface RecordedCall {
  /** `responseFormat.name`: "memory_operations" for extraction, anything else is consolidation. */
  format: string;
  /** Prompt size (all messages), o200k tokens. */
  promptTokens: number;
}

/** One listed memory of an extraction prompt. */
export interface ListedMemory {
  /** Its number in the prompt. */
  number: number;
  /** Its type. */
  type: string;
  /** Its text. */
  text: string;
}

/** The existing memories and new messages of an extraction prompt. */
export function parseExtractionPrompt(request: ChatModelRequest): {
  memories: ListedMemory[];
  messages: string[];
} {
  const user = request.messages.find((message) => message.role === "user")?.content ?? "";
  const [head = "", tail = ""] = user.split("\nNew messages:\n");
  const memories: ListedMemory[] = [];
  for (const line of head.split("\n")) {
    const match = /^(\d+)\. \[([^\]]+)\] (.*)$/u.exec(line);
    if (match) memories.push({ number: Number(match[1]), type: match[2]!, text: match[3]! });
  }
  const messages = tail
    .split("\n")
    .filter((line) => line.startsWith("user: "))
    .map((line) => line.slice(6));
  return { memories, messages };
}

type Operation = {
  event: string;
  text: string;
  type: string;
  target: number | null;
  supersedes: number | null;
};

/** What a perfect extractor answers for one message, given the memories shown. */
function operationsFor(
  message: UserMessage,
  memories: ListedMemory[],
  day: string,
  counts: OracleCounts,
): Operation[] {
  const none = { target: null, supersedes: null };
  if (message.kind === "smalltalk") return [];
  if (message.kind === "episode")
    return [{ event: "ADD", text: `${message.memory} on ${day}`, type: "episode", ...none }];
  if (message.kind === "task") return [{ event: "ADD", text: message.memory!, type: "task_state", ...none }];
  const operations: Operation[] = [];
  const touched = new Set<number>();
  for (const fact of message.facts) {
    const slot = slotDefinition(fact.slot);
    const text = slot.memory(fact.value);
    const known = memories.find(
      (memory) => slot.states(memory.text, fact.value) && !touched.has(memory.number),
    );
    if (message.kind === "repeat" && known) {
      operations.push({ event: "NONE", text, type: slot.type, target: known.number, supersedes: null });
      touched.add(known.number);
      continue;
    }
    const outdated = memories.filter(
      (memory) =>
        !touched.has(memory.number) &&
        !slot.states(memory.text, fact.value) &&
        slot.values.some((value) => value !== fact.value && slot.states(memory.text, value)),
    );
    if (message.kind === "change" && !outdated.length) counts.changesWithoutOldValueShown++;
    const [replaced, ...others] = outdated;
    for (const memory of outdated) touched.add(memory.number);
    operations.push({
      event: "ADD",
      text,
      type: slot.type,
      target: null,
      supersedes: replaced?.number ?? null,
    });
    for (const memory of others)
      operations.push({
        event: "DELETE",
        text: memory.text,
        type: slot.type,
        target: memory.number,
        supersedes: null,
      });
  }
  return operations;
}

/** What the oracle noticed while answering. */
export interface OracleCounts {
  /** Changes for which no memory stating an older value was among the related memories shown. */
  changesWithoutOldValueShown: number;
  /** Messages the runner announced but the prompt did not contain. */
  unexpectedPrompts: number;
}

/**
 * A scripted ChatModel that answers extraction requests from the ground truth of the messages the runner
 * announces with `expect()`, and consolidation requests with a simple deterministic answer; it records every call.
 */
export class ScriptedOracleModel implements ChatModel {
  /** Contract version. */
  readonly specificationVersion = "v1" as const;
  /** Named honestly in reports. */
  readonly name = "scripted-oracle";
  /** Every request's format and size. */
  readonly calls: RecordedCall[] = [];
  /** What the oracle noticed. */
  readonly counts: OracleCounts = { changesWithoutOldValueShown: 0, unexpectedPrompts: 0 };
  private expected: UserMessage[] = [];

  /** Announces the messages of the next add() (their ground truth). */
  expect(messages: UserMessage[]): void {
    this.expected = messages;
  }

  /** Answers one request. */
  generate(request: ChatModelRequest): ChatModelResult {
    const format = request.responseFormat.name;
    this.calls.push({ format, promptTokens: countTokens(request.messages.map((m) => m.content).join("\n")) });
    if (format !== "memory_operations") return { text: JSON.stringify(answerConsolidation(request, slots)) };
    const { memories, messages } = parseExtractionPrompt(request);
    const day = /Today: (\d{4}-\d{2}-\d{2})/u.exec(request.messages.at(-1)?.content ?? "")?.[1] ?? "";
    const operations: Operation[] = [];
    for (const message of this.expected) {
      if (!messages.includes(message.text)) {
        this.counts.unexpectedPrompts++;
        continue;
      }
      operations.push(...operationsFor(message, memories, day, this.counts));
    }
    return { text: JSON.stringify({ operations }), finishReason: "stop" };
  }
}
