import { InvalidArgumentError } from "../errors/index.js";
import { checkMetadata, requireScope, sameScope } from "../scope.js";
import type { MemoryRecord, MemoryType, Scope } from "../types.js";
import { applyOperations } from "./apply-operations.js";
import { hashMemory } from "./hash-memory.js";
import type { MemoryContext } from "./memory-context.js";
import type { AddOptions, AddResult } from "./memory-options.js";
import type { MemoryOperation } from "./memory-operation.js";
import { normalizeMessages, type NormalizedMessage } from "./normalize-messages.js";

/** Checks a memory type argument. */
export function checkType(type: unknown, argument = "options.type"): MemoryType | undefined {
  if (type === undefined) return undefined;
  if (typeof type !== "string" || !/^[a-z][a-z0-9_-]{0,63}$/u.test(type)) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a lowercase type name such as "fact", "preference" or "task_state", got ${JSON.stringify(type)}.`,
    });
  }
  return type;
}

/** The current memories of exactly this scope whose text hashes to `hash`. */
export async function findExactDuplicate(
  context: MemoryContext,
  scope: Scope,
  hash: string,
): Promise<MemoryRecord | undefined> {
  const page = await context.store.list({
    scope,
    filter: { hash },
    limit: 20,
    asOf: context.now().toISOString(),
  });
  return page.records.find((record) => sameScope(record, scope));
}

/** Plans verbatim storage: one ADD per message, NONE for exact duplicates in the same scope. */
async function planVerbatim(
  context: MemoryContext,
  scope: Scope,
  messages: NormalizedMessage[],
  options: AddOptions,
): Promise<MemoryOperation[]> {
  const metadata = checkMetadata(options.metadata);
  const type = checkType(options.type) ?? "fact";
  const operations: MemoryOperation[] = [];
  const planned = new Map<string, MemoryOperation>();
  for (const message of messages) {
    const hash = hashMemory(message.text);
    if (planned.has(hash)) continue;
    const duplicate = await findExactDuplicate(context, scope, hash);
    const operation: MemoryOperation = duplicate
      ? { event: "NONE", target: duplicate }
      : {
          event: "ADD",
          memory: message.text,
          type,
          metadata: structuredClone(metadata),
          sources: [message.source],
        };
    planned.set(hash, operation);
    operations.push(operation);
  }
  return operations;
}

/** Implements `memory.add()` for verbatim storage (and for `infer: true` while no extractor is configured). */
export async function addMemories(
  context: MemoryContext,
  input: unknown,
  options: AddOptions | undefined,
): Promise<AddResult> {
  const scope = requireScope(options as Record<string, unknown>, "add");
  const messages = normalizeMessages(input);
  const operations = await planVerbatim(context, scope, messages, options ?? {});
  const results = await applyOperations(context, scope, operations, options?.actor ?? context.actor);
  return { results };
}
