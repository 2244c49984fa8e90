import { InvalidArgumentError, MemoryNotFoundError } from "../errors/index.js";
import type { MemoryRecord, Scope } from "../types.js";
import type { MemoryContext } from "./memory-context.js";

/** Checks a memory id argument. */
export function checkId(id: unknown, argument = "id"): string {
  if (
    typeof id !== "string" ||
    id.trim() === "" ||
    id.length > 256 ||
    !id.isWellFormed() ||
    /\p{Cc}/u.test(id)
  ) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a memory id (a non-empty, well-formed string of at most 256 characters), got ${typeof id === "string" ? JSON.stringify(id.slice(0, 60)) : typeof id}.`,
    });
  }
  return id;
}

/** Loads one memory inside the scope (null: unscoped), or throws MemoryNotFoundError. */
export async function loadMemory(
  context: MemoryContext,
  id: unknown,
  scope: Scope | null,
): Promise<MemoryRecord> {
  const [record] = await context.store.get([checkId(id)], scope);
  if (!record) throw new MemoryNotFoundError({ memoryId: id as string, scoped: scope !== null });
  return record;
}
