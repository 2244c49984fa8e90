import type { ScoredMemoryItem } from "@engram/core";

/** The default text of the memory message: a short preamble and one bullet per memory. */
export function formatMemories(memories: ScoredMemoryItem[]): string {
  const lines = memories.map((item) => `- ${item.memory.replace(/\s+/gu, " ").trim()}`);
  return [
    "Long-term memories relevant to this conversation (from earlier sessions; they may be incomplete or out of date):",
    ...lines,
  ].join("\n");
}
