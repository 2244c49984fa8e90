import type { ScoredMemoryItem } from "@engram/core";

/** The default memory block added to the system prompt: a heading and one memory per line. */
export function formatMemories(memories: readonly ScoredMemoryItem[]): string {
  if (memories.length === 0) return "";
  const lines = memories.map((memory) => `- ${memory.memory}`);
  return [
    "## Long-term memory",
    "What you remember about the user from earlier conversations (most relevant first):",
    ...lines,
  ].join("\n");
}
