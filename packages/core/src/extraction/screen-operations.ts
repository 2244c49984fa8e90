import { InvalidArgumentError } from "../errors/index.js";
import { checkType } from "../memory/add-memories.js";
import type { GuardedOperation } from "../memory/memory-operation.js";
import { checkMetadata } from "../scope.js";
import type { MemoryRecord, Scope } from "../types.js";
import { checkWellFormedText } from "../validate/well-formed.js";
import type {
  AgentWritePolicy,
  BeforeWriteHook,
  ExtractionOptions,
  MemoryCandidate,
} from "./extraction-options.js";
import type { ExtractionPlan } from "./plan-with-rules.js";

/** What screening needs: the add's scope, the policy of its agent, the hook and a duplicate finder. */
export interface ScreenContext {
  /** The scope of the add. */
  scope: Scope;
  /** The write policy of the add's agent, if one is configured. */
  policy?: AgentWritePolicy;
  /** The application's hook. */
  beforeWrite?: BeforeWriteHook;
  /** Finds a current memory of the scope with exactly this text (a redacted text may now duplicate one). */
  findDuplicate: (text: string) => Promise<MemoryRecord | undefined>;
}

/** The write guards of an agent (its policy, if configured) and the application's `beforeWrite` hook. */
export function writeGuards(
  options: ExtractionOptions,
  agentId: string | undefined,
): Pick<ScreenContext, "policy" | "beforeWrite"> {
  const policy = agentId !== undefined ? options.agentPolicies?.[agentId] : undefined;
  return {
    ...(policy ? { policy } : {}),
    ...(options.beforeWrite ? { beforeWrite: options.beforeWrite } : {}),
  };
}

/** Why the policy forbids the operation, or undefined when it is allowed. */
function policyViolation(
  operation: GuardedOperation,
  policy: AgentWritePolicy | undefined,
): string | undefined {
  if (!policy || operation.event === "NONE") return undefined;
  const event = operation.event === "INVALIDATE" ? "DELETE" : operation.event;
  if (policy.events && !policy.events.includes(event)) return `this agent may not ${event} memories.`;
  if (!policy.types) return undefined;
  const types = new Set(policy.types);
  const touched =
    operation.event === "ADD"
      ? [operation.type, ...(operation.supersedes ?? []).map((old) => old.type)]
      : operation.event === "UPDATE"
        ? [operation.target.type, operation.type ?? operation.target.type]
        : [operation.target.type];
  const forbidden = touched.find((type) => !types.has(type));
  return forbidden === undefined
    ? undefined
    : `this agent may only write ${policy.types.join(", ")} memories, not ${forbidden}.`;
}

function candidateOf(operation: ScreenedOperation, scope: Scope): MemoryCandidate {
  if (operation.event === "ADD") {
    return {
      event: "ADD",
      memory: operation.memory,
      type: operation.type,
      metadata: structuredClone(operation.metadata),
      scope: { ...scope },
      ...(operation.slot ? { slot: operation.slot } : {}),
    };
  }
  const { target } = operation;
  if (operation.event === "DELETE" || operation.event === "INVALIDATE") {
    return {
      event: "DELETE",
      memory: target.memory,
      type: target.type,
      metadata: structuredClone(target.metadata),
      scope: { ...scope },
      memoryId: target.id,
      ...(target.slot ? { slot: target.slot } : {}),
    };
  }
  return {
    event: "UPDATE",
    memoryId: target.id,
    memory: operation.memory ?? target.memory,
    type: operation.type ?? target.type,
    metadata: structuredClone(operation.metadata ?? {}),
    scope: { ...scope },
    previousMemory: target.memory,
    ...(target.slot ? { slot: target.slot } : {}),
  };
}

type ScreenedOperation = Exclude<GuardedOperation, { event: "NONE" }>;

/** A new memory held for review: it supersedes nothing until it is approved. */
function held(operation: Extract<GuardedOperation, { event: "ADD" }>): GuardedOperation {
  const { supersedes: _supersedes, ...rest } = operation;
  return { ...rest, pending: true };
}

/** Runs the hook on one write; returns the (possibly changed) operation, or undefined when vetoed. */
async function runHook(
  operation: ScreenedOperation,
  context: ScreenContext,
): Promise<GuardedOperation | undefined> {
  const verdict = await context.beforeWrite!(candidateOf(operation, context.scope));
  if (verdict === false || verdict === null) return undefined;
  if (verdict === "pending") {
    if (operation.event === "ADD") return held(operation);
    // The reviewer's approval or rejection is the review; any other change cannot wait, so it is not made (a veto).
    const decision =
      (operation.event === "UPDATE" && operation.approve) ||
      (operation.event === "DELETE" && operation.reason === "rejected");
    return decision ? operation : undefined;
  }
  if (verdict === true || verdict === undefined || typeof verdict !== "object") return operation;
  // A delete can only be allowed or vetoed: there is nothing to redact in it.
  if (operation.event === "DELETE" || operation.event === "INVALIDATE") return operation;
  const changed = { ...operation };
  if (verdict.memory !== undefined) {
    if (typeof verdict.memory !== "string" || !verdict.memory.trim()) {
      throw new InvalidArgumentError({
        argument: "extraction.beforeWrite",
        message: "returned an empty memory text; return false to veto a memory instead.",
      });
    }
    changed.memory = checkWellFormedText(verdict.memory, "extraction.beforeWrite(…).memory").trim();
  }
  const type = checkType(verdict.type, "extraction.beforeWrite(…).type");
  if (type) changed.type = type;
  if (verdict.metadata !== undefined)
    changed.metadata = checkMetadata(verdict.metadata, "extraction.beforeWrite(…).metadata");
  if (changed.event === "ADD" && changed.memory !== operation.memory) {
    const duplicate = await context.findDuplicate(changed.memory);
    if (duplicate) return { event: "NONE", target: duplicate };
  }
  return changed;
}

/**
 * Applies the agent's write policy and the `beforeWrite` hook to planned operations: forbidden ones and vetoed
 * ones are dropped and reported, redactions are applied. Runs on every add path before the atomic write.
 */
export async function screenOperations(
  operations: GuardedOperation[],
  context: ScreenContext,
): Promise<ExtractionPlan> {
  const result: ExtractionPlan = { operations: [], skipped: [] };
  for (const operation of operations) {
    const text =
      operation.event === "ADD"
        ? operation.memory
        : operation.event === "UPDATE"
          ? (operation.memory ?? operation.target.memory)
          : operation.target.memory;
    const violation = policyViolation(operation, context.policy);
    if (violation) {
      result.skipped.push({
        reason: "policy",
        event: operation.event,
        ...(text ? { memory: text } : {}),
        detail: violation,
        ...(operation.event !== "ADD" && operation.event !== "NONE" ? { memoryId: operation.target.id } : {}),
      });
      continue;
    }
    const reviewed = context.policy?.review && operation.event === "ADD" ? held(operation) : operation;
    if (!context.beforeWrite || reviewed.event === "NONE") {
      result.operations.push(reviewed);
      continue;
    }
    const screened = await runHook(reviewed as ScreenedOperation, context);
    if (screened) result.operations.push(screened);
    else
      result.skipped.push({
        reason: "vetoed",
        event: operation.event,
        ...(text ? { memory: text } : {}),
        detail: "vetoed by extraction.beforeWrite.",
        ...(operation.event !== "ADD" ? { memoryId: operation.target.id } : {}),
      });
  }
  return result;
}
