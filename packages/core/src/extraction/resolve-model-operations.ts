import { hashMemory } from "../memory/hash-memory.js";
import { newestSourceTime } from "../memory/source-time.js";
import type { AddOperation, GuardedOperation } from "../memory/memory-operation.js";
import type { MemoryRecord, MemorySource, MemoryType, Metadata } from "../types.js";
import type { SkippedOperation } from "./extraction-options.js";
import type { ModelOperation } from "./extraction-schema.js";
import type { ExtractionPlan } from "./plan-with-rules.js";
import { maxMemoryTextLength } from "../validate/well-formed.js";
import type { TemporalSettings } from "./temporal/apply-temporal.js";
import { applyModelTemporal } from "./temporal/apply-model-temporal.js";

/** What resolving needs besides the model's operations. */
export interface ResolveContext {
  /** The memories shown to the model; number n is `related[n - 1]`. */
  related: MemoryRecord[];
  /** The allowed type names; the first is used when the model names another. */
  types: MemoryType[];
  /** Metadata for new memories. */
  metadata: Metadata;
  /** Sources for new memories (the turn's messages). */
  sources: MemorySource[];
  /** Finds a current memory of the add's scope with exactly this text. */
  findDuplicate: (text: string) => Promise<MemoryRecord | undefined>;
  /** Time resolution for new memories; absent: off. */
  temporal?: TemporalSettings;
}

function pickType(type: string | null | undefined, allowed: MemoryType[]): MemoryType {
  const normalized = type
    ?.trim()
    .toLowerCase()
    .replace(/[\s-]+/gu, "_");
  if (normalized && allowed.includes(normalized)) return normalized;
  return allowed.includes("fact") ? "fact" : allowed[0]!;
}

/**
 * Turns validated model operations into memory operations: numbers become the records they stand for (a number
 * that was not shown is reported and never applied), each memory is touched at most once, and known texts
 * become NONE.
 */
export async function resolveModelOperations(
  operations: ModelOperation[],
  context: ResolveContext,
): Promise<ExtractionPlan> {
  const plan: ExtractionPlan = { operations: [], skipped: [] };
  const touched = new Set<string>();
  const added = new Set<string>();
  const skip = (
    reason: SkippedOperation["reason"],
    operation: ModelOperation,
    detail: string,
    target?: number | null,
  ) => {
    plan.skipped.push({
      reason,
      event: operation.event,
      ...(operation.text ? { memory: operation.text } : {}),
      ...(typeof target === "number" ? { target } : {}),
      detail,
    });
  };
  const lookup = (number: number | null | undefined) => (number ? context.related[number - 1] : undefined);
  for (const operation of operations) {
    const text = operation.text?.replace(/\s+/gu, " ").trim() ?? "";
    if (text.length > maxMemoryTextLength) {
      skip(
        "invalid",
        { ...operation, text: `${text.slice(0, 200)}…` },
        `the text has ${text.length} characters; a memory has at most ${maxMemoryTextLength}.`,
      );
      continue;
    }
    const target = lookup(operation.target);
    if (operation.event === "NONE") {
      if (target && !touched.has(target.id)) plan.operations.push({ event: "NONE", target });
      else if (operation.target && !target)
        skip(
          "unknown-target",
          operation,
          `memory ${operation.target} was not in the list shown to the model.`,
          operation.target,
        );
      continue;
    }
    if (operation.event === "ADD") {
      await resolveAdd(operation, text, context, plan, { touched, added, skip, lookup });
      continue;
    }
    if (!target) {
      if (operation.target)
        skip(
          "unknown-target",
          operation,
          `memory ${operation.target} was not in the list shown to the model.`,
          operation.target,
        );
      else skip("invalid", operation, `${operation.event} needs a target memory number.`);
      continue;
    }
    if (touched.has(target.id)) {
      skip(
        "conflict",
        operation,
        `memory ${operation.target} is already changed by an earlier operation of this add.`,
        operation.target,
      );
      continue;
    }
    touched.add(target.id);
    if (operation.event === "DELETE") plan.operations.push({ event: "INVALIDATE", target });
    else plan.operations.push(resolveUpdate(target, text, operation, context));
  }
  return plan;
}

function resolveUpdate(
  target: MemoryRecord,
  text: string,
  operation: ModelOperation,
  context: ResolveContext,
): GuardedOperation {
  const type = operation.type ? pickType(operation.type, context.types) : target.type;
  if (!text || (hashMemory(text) === target.hash && type === target.type)) return { event: "NONE", target };
  return {
    event: "UPDATE",
    target,
    memory: text,
    ...(type !== target.type ? { type } : {}),
    sources: context.sources,
  };
}

interface AddState {
  touched: Set<string>;
  added: Set<string>;
  skip: (
    reason: SkippedOperation["reason"],
    operation: ModelOperation,
    detail: string,
    target?: number | null,
  ) => void;
  lookup: (number: number | null | undefined) => MemoryRecord | undefined;
}

async function resolveAdd(
  operation: ModelOperation,
  text: string,
  context: ResolveContext,
  plan: ExtractionPlan,
  state: AddState,
) {
  if (!text) return state.skip("invalid", operation, "ADD needs a non-empty text.");
  const hash = hashMemory(text);
  if (state.added.has(hash))
    return state.skip("conflict", operation, "the same text is already added by this add.");
  const duplicate = await context.findDuplicate(text);
  if (duplicate) {
    if (!state.touched.has(duplicate.id)) plan.operations.push({ event: "NONE", target: duplicate });
    return;
  }
  state.added.add(hash);
  let old = state.lookup(operation.supersedes);
  if (operation.supersedes && !old) {
    state.skip(
      "unknown-target",
      operation,
      `supersedes memory ${operation.supersedes}, which was not in the list shown to the model; added without superseding anything.`,
      operation.supersedes,
    );
  } else if (old && state.touched.has(old.id)) {
    state.skip(
      "conflict",
      operation,
      `memory ${operation.supersedes} is already changed by an earlier operation; added without superseding it.`,
      operation.supersedes,
    );
    old = undefined;
  }
  if (old) state.touched.add(old.id);
  const add: AddOperation = {
    event: "ADD",
    memory: text,
    type: pickType(operation.type, context.types),
    metadata: structuredClone(context.metadata),
    sources: context.sources,
    ...(old?.slot ? { slot: old.slot } : {}),
    ...(old ? { supersedes: [old] } : {}),
    ...(typeof operation.importance === "number" ? { importance: operation.importance } : {}),
    ...saidAt(context.sources),
  };
  plan.operations.push(context.temporal ? applyModelTemporal(add, operation.date, context.temporal) : add);
}

/** The time the newest of the sources was said, as the new memory's `validFrom`, when the caller gave times. */
function saidAt(sources: MemorySource[]): { validFrom?: string } {
  const said = newestSourceTime(sources);
  return said ? { validFrom: said } : {};
}
