// Helpers shared by the two quickstart sessions: where the memory lives, and how results are printed.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ScoredMemoryItem } from "@engram/core";

/** The demo's memory folder (a durable SQLite file lives inside it). */
export const memoryDir =
  process.env.ENGRAM_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".engram");

/** The user this demo is about. */
export const user = { userId: "dana" };

/** Prints a heading. */
export function heading(text: string): void {
  console.log(`\n${text}\n${"─".repeat(text.length)}`);
}

/** Prints one search result with its score breakdown. */
export function printResult(result: ScoredMemoryItem, index: number): void {
  const why = result.explanation;
  console.log(`  ${index + 1}. ${result.memory}  [${result.type}, score ${result.score.toFixed(3)}]`);
  if (why) {
    const terms = why.matchedTerms.length ? ` matched "${why.matchedTerms.join('", "')}"` : "";
    console.log(
      `     meaning ${why.vector.toFixed(3)} × ${why.weights.vector.toFixed(2)} + keywords ${why.keyword.toFixed(3)} × ${why.weights.keyword.toFixed(2)}${terms}`,
    );
  }
}
