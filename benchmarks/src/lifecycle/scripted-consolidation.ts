// Deterministic answers to consolidation prompts (summaries, merge/supersede judgements), for the scripted oracle.
// Consolidation is not on this branch yet: the formats below follow the planned prompts, and anything unknown gets a
// generic answer built from the JSON schema (strings: the listed texts joined; booleans: true, i.e. "confirm").
import type { ChatModelRequest } from "@engram/core";
import type { SlotDefinition } from "./slot-definition.js";

/** One numbered memory of a consolidation prompt: "3. [episode, 2027-02-01] Went hiking with Sam". */
interface Listed {
  number: number;
  date: string;
  text: string;
}

function listed(request: ChatModelRequest): Listed[] {
  const text = request.messages.map((message) => message.content).join("\n");
  const found: Listed[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\d+)\. \[(?:[^\],]+)(?:, ([^\]]+))?\] (.*)$/u.exec(line.trim());
    if (match) found.push({ number: Number(match[1]), date: match[2] ?? "", text: match[3]! });
  }
  return found;
}

function summary(request: ChatModelRequest): { summary: string } {
  const system = request.messages.find((message) => message.role === "system")?.content ?? "";
  const maxChars = Number(/at most (\d+) characters/u.exec(system)?.[1] ?? 1000);
  const joined = listed(request)
    .map((memory) => memory.text)
    .join("; ");
  return { summary: joined.length > maxChars ? `${joined.slice(0, maxChars - 1)}…` : joined };
}

/** Merges memories stating the same slot value; lets the newest of different values supersede the older ones. */
function judgement(request: ChatModelRequest, slots: readonly SlotDefinition[]) {
  const memories = listed(request);
  const used = new Set<number>();
  const merge: Array<{ keep: number; duplicates: number[] }> = [];
  const supersede: Array<{ old: number; new: number }> = [];
  for (const slot of slots) {
    const stating = memories
      .filter((memory) => !used.has(memory.number))
      .map((memory) => ({ memory, values: slot.values.filter((value) => slot.states(memory.text, value)) }))
      .filter((entry) => entry.values.length === 1);
    if (stating.length < 2) continue;
    const newest = [...stating].sort((a, b) => b.memory.date.localeCompare(a.memory.date))[0]!;
    const same = stating.filter((entry) => entry.values[0] === newest.values[0] && entry !== newest);
    const older = stating.filter((entry) => entry.values[0] !== newest.values[0]);
    if (same.length)
      merge.push({ keep: newest.memory.number, duplicates: same.map((entry) => entry.memory.number) });
    for (const entry of older) supersede.push({ old: entry.memory.number, new: newest.memory.number });
    for (const entry of stating) used.add(entry.memory.number);
  }
  return { merge, supersede };
}

function generic(schema: Record<string, unknown>, request: ChatModelRequest): unknown {
  const texts = listed(request).map((memory) => memory.text);
  const value = (property: { type?: unknown }): unknown => {
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    if (type === "string") return texts.join("; ");
    if (type === "boolean") return true;
    if (type === "integer" || type === "number") return 0;
    if (type === "array") return [];
    return {};
  };
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  return Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, value(property)]));
}

/** Answers a consolidation request deterministically. */
export function answerConsolidation(request: ChatModelRequest, slots: readonly SlotDefinition[]): unknown {
  const { name, schema } = request.responseFormat;
  const properties = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  if (name === "memory_summary" || (properties.length === 1 && properties[0] === "summary"))
    return summary(request);
  if (properties.includes("merge") && properties.includes("supersede")) return judgement(request, slots);
  return generic(schema, request);
}
