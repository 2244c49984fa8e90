import type { AddResultItem } from "@engram/core";
import type { MessageKind, UserMessage } from "./generator.js";
import type { SlotDefinition } from "./slot-definition.js";
import { slotDefinition } from "./topics.js";
import { getOrCreate } from "./get-or-create.js";

/** How a current-value question was answered by the top results. */
export interface CurrentJudgement {
  /** A result states the current value (current-fact recall@k). */
  hit: boolean;
  /** Results that state an earlier value and not the current one. */
  stale: number;
  /** Their texts, for the report's examples. */
  staleTexts: string[];
}

/**
 * Judges the top results of a current-value question. A result is stale when it states a value the slot held
 * earlier (and no longer holds) without also stating the current value; the question is a hit when any result
 * states the current value.
 */
export function judgeCurrent(
  slot: SlotDefinition,
  results: readonly string[],
  current: string,
  earlier: readonly string[],
): CurrentJudgement {
  const staleTexts = results.filter(
    (text) => !slot.states(text, current) && earlier.some((value) => slot.states(text, value)),
  );
  return { hit: results.some((text) => slot.states(text, current)), stale: staleTexts.length, staleTexts };
}

/**
 * Judges the top results of an asOf question: correct when a result states the value true at that date and no
 * result ranked above the first such result states another value of the slot (without also stating the true one).
 */
export function judgeAsOf(
  slot: SlotDefinition,
  results: readonly string[],
  truth: string,
  others: readonly string[],
): boolean {
  for (const text of results) {
    if (slot.states(text, truth)) return true;
    if (others.some((value) => slot.states(text, value))) return false;
  }
  return false;
}

/** Extraction counts for one kind of message. */
export interface KindTally {
  /** Messages of this kind. */
  messages: number;
  /** Slot values they stated (state, change, repeat). */
  facts: number;
  /** State/change: facts stored or found known; episode/task: messages that produced a memory. */
  extracted: number;
  /** Repeat: facts recognised as known (NONE). */
  recognised: number;
  /** Repeat: facts stored again as a new memory (another wording of a known value). */
  storedAgain: number;
  /** Small talk: messages that produced a memory. */
  falsePositives: number;
}

/** Extraction counts by message kind and by template. */
export interface ExtractionTally {
  /** By kind. */
  byKind: Record<MessageKind, KindTally>;
  /** By template: its kind, how many messages, how many were extracted (all their facts, or any memory). */
  byTemplate: Record<string, { kind: MessageKind; messages: number; hits: number }>;
}

const kinds: MessageKind[] = ["state", "change", "repeat", "episode", "task", "smalltalk"];

/** An empty tally. */
export function createTally(): ExtractionTally {
  const empty = (): KindTally => ({
    messages: 0,
    facts: 0,
    extracted: 0,
    recognised: 0,
    storedAgain: 0,
    falsePositives: 0,
  });
  return {
    byKind: Object.fromEntries(kinds.map((kind) => [kind, empty()])) as Record<MessageKind, KindTally>,
    byTemplate: {},
  };
}

/** Counts what one add() made of one message: which stated facts came out as memories, duplicates, misses. */
export function tallyAdd(
  tally: ExtractionTally,
  message: UserMessage,
  results: readonly AddResultItem[],
): void {
  const kind = tally.byKind[message.kind];
  kind.messages++;
  const written = results.filter((result) => result.event !== "DELETE");
  let hit: boolean;
  if (message.facts.length) {
    let found = 0;
    for (const fact of message.facts) {
      const slot = slotDefinition(fact.slot);
      const stating = written.filter((result) => slot.states(result.memory, fact.value));
      kind.facts++;
      if (!stating.length) continue;
      found++;
      if (message.kind !== "repeat") kind.extracted++;
      else if (stating.some((result) => result.event === "ADD")) kind.storedAgain++;
      else kind.recognised++;
    }
    hit = found === message.facts.length;
  } else {
    hit = written.length > 0;
    if (message.kind === "smalltalk") kind.falsePositives += hit ? 1 : 0;
    else kind.extracted += hit ? 1 : 0;
  }
  const template = getOrCreate(tally.byTemplate, message.template, () => ({
    kind: message.kind,
    messages: 0,
    hits: 0,
  }));
  template.messages++;
  template.hits += hit ? 1 : 0;
}

/** Adds `from` into `into` (for pooling users). */
export function mergeTally(into: ExtractionTally, from: ExtractionTally): void {
  for (const kind of kinds) {
    const target = into.byKind[kind];
    const source = from.byKind[kind];
    for (const key of Object.keys(target) as Array<keyof KindTally>) target[key] += source[key];
  }
  for (const [template, counts] of Object.entries(from.byTemplate)) {
    const target = getOrCreate(into.byTemplate, template, () => ({
      kind: counts.kind,
      messages: 0,
      hits: 0,
    }));
    target.messages += counts.messages;
    target.hits += counts.hits;
  }
}
