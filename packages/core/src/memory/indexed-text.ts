import type { MemoryItem } from "../types.js";

/** The text a memory is embedded and keyword-indexed by: its context (if any) followed by the memory itself. */
export function indexedText(item: Pick<MemoryItem, "memory" | "context">): string {
  return item.context ? `${item.context}\n${item.memory}` : item.memory;
}
