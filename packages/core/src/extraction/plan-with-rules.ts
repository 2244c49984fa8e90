import { findExactDuplicate } from "../memory/add-memories.js";
import { estimateImportance } from "./estimate-importance.js";
import { hashMemory } from "../memory/hash-memory.js";
import type { MemoryContext } from "../memory/memory-context.js";
import type { AddOperation, GuardedOperation } from "../memory/memory-operation.js";
import type { NormalizedMessage } from "../memory/normalize-messages.js";
import type { MemoryRecord, MemorySource, Metadata, Scope } from "../types.js";
import type { ExtractionOptions, SkippedOperation } from "./extraction-options.js";
import { extractRuleFacts } from "./rules/extract-with-rules.js";
import { maxMemoryTextLength } from "../validate/well-formed.js";
import type { RuleFact } from "./rules/rule.js";
import { type TemporalSettings, applyTemporal } from "./temporal/apply-temporal.js";
import { referenceTime } from "./temporal/reference-time.js";
import { temporalSettings } from "./temporal/temporal-settings.js";

/** Planned operations plus what was proposed but not applied. */
export interface ExtractionPlan {
  /** Operations to apply atomically. */
  operations: GuardedOperation[];
  /** Proposals that were dropped, with reasons. */
  skipped: SkippedOperation[];
}

interface SourcedFact extends RuleFact {
  /** The sentence or clause the fact came from, when the extractor says. */
  sentence?: string;
  source: MemorySource;
  /** The message it was found in (for the importance estimate). */
  said: string;
}

/** Facts from the user's messages; a later value of the same slot in the same add replaces an earlier one. */
async function collectFacts(
  messages: NormalizedMessage[],
  skipped: SkippedOperation[],
): Promise<SourcedFact[]> {
  const facts: SourcedFact[] = [];
  for (const message of messages) {
    if (message.source.role !== undefined && message.source.role !== "user") continue;
    for (const found of await extractRuleFacts(message.text)) {
      if (found.memory.length > maxMemoryTextLength) {
        skipped.push({
          reason: "invalid",
          event: "ADD",
          memory: `${found.memory.slice(0, 200)}…`,
          detail: `the text has ${found.memory.length} characters; a memory has at most ${maxMemoryTextLength}.`,
        });
        continue;
      }
      facts.push({ ...found, source: message.source, said: message.text });
    }
  }
  return facts.filter((found, index) => {
    const later = found.slot && facts.slice(index + 1).find((other) => other.slot === found.slot);
    if (later) {
      skipped.push({
        reason: "conflict",
        event: "ADD",
        memory: found.memory,
        detail: `"${later.memory}" later in the same add sets the same slot (${found.slot}).`,
      });
    }
    return !later;
  });
}

async function slotHolders(context: MemoryContext, scope: Scope, slot: string): Promise<MemoryRecord[]> {
  const page = await context.store.list({
    scope,
    filter: { slot },
    limit: 50,
    asOf: context.now().toISOString(),
  });
  return page.records;
}

/** Which current values a fact replaces: all of the slot's values, or for an ending only the value it names. */
function planSlot(
  found: SourcedFact,
  holders: MemoryRecord[],
): { slot?: string; supersedes: MemoryRecord[] } {
  if (found.ends === undefined) return { slot: found.slot!, supersedes: holders };
  const named = found.ends.toLowerCase();
  const ended = holders.filter((holder) => named === "" || holder.memory.toLowerCase().includes(named));
  // "No longer works at Acme" while the current employer is Globex: keep Globex, store the statement unslotted.
  if (holders.length && !ended.length) return { supersedes: [] };
  return { slot: found.slot!, supersedes: ended };
}

/**
 * Plans `add(…, { infer: true })` without a model: rule-based facts from the user's messages, exact duplicates
 * as NONE, and single-valued slots superseding their current value, exactly as the model path supersedes.
 */
export async function planWithRules(
  context: MemoryContext,
  scope: Scope,
  messages: NormalizedMessage[],
  metadata: Metadata,
  options: ExtractionOptions = {},
): Promise<ExtractionPlan> {
  const skipped: SkippedOperation[] = [];
  const operations: GuardedOperation[] = [];
  const temporal = await temporalSettings(options, context.now());
  for (const found of await collectFacts(messages, skipped)) {
    const duplicate = await findExactDuplicate(context, scope, hashMemory(found.memory));
    if (duplicate) {
      operations.push({ event: "NONE", target: duplicate });
      continue;
    }
    const planned = found.slot
      ? planSlot(found, await slotHolders(context, scope, found.slot))
      : { supersedes: [] };
    const operation: AddOperation = {
      event: "ADD",
      memory: found.memory,
      type: found.type,
      metadata: structuredClone(metadata),
      sources: [found.source],
      ...(found.source.timestamp ? { validFrom: found.source.timestamp } : {}),
      importance: estimateImportance(found.memory, found.type, found.said),
      ...(planned.slot ? { slot: planned.slot } : {}),
      ...(planned.supersedes.length ? { supersedes: planned.supersedes } : {}),
    };
    operations.push(withTimes(operation, found, context, temporal));
  }
  return { operations, skipped };
}

/** Resolves the time expressions of the fact's sentence against when it was said (see `applyTemporal`). */
function withTimes(
  operation: AddOperation,
  found: SourcedFact,
  context: MemoryContext,
  temporal: TemporalSettings | undefined,
): AddOperation {
  if (!temporal) return operation;
  const reference = referenceTime([found.source], context.now());
  return applyTemporal(operation, found.sentence ?? found.said, reference, temporal);
}
