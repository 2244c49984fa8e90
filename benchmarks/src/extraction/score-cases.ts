// Scoring for the offline extraction cases: expected memories against extracted ones, per category.

/** One expected memory: text, type and (for single-valued attributes) slot. */
export interface ExpectedFact {
  /** The memory text, third person ("Lives in Vancouver"). */
  memory: string;
  /** The memory type. */
  type: string;
  /** The slot, when the attribute is single-valued. */
  slot?: string;
}

/** One case: a user message and what should be remembered from it (nothing, for must-not cases). */
export interface ExtractionCase {
  /** The category the case belongs to (identity, home, …, must-not). */
  category: string;
  /** The user's message. */
  text: string;
  /** The memories that should be extracted; empty when nothing should be. */
  expected: ExpectedFact[];
}

/** An extracted memory as the extractor returns it. */
export interface ExtractedFact {
  memory: string;
  type: string;
  slot?: string;
}

/** Counts for precision and recall. */
export interface Tally {
  /** Extracted memories that matched an expected one. */
  truePositives: number;
  /** Extracted memories that matched none. */
  falsePositives: number;
  /** Expected memories that nothing matched. */
  falseNegatives: number;
}

const dropped = new Set([
  "a",
  "an",
  "the",
  "their",
  "his",
  "her",
  "is",
  "are",
  "has",
  "have",
  "to",
  "of",
  "at",
  "in",
  "on",
]);

/** Lowercase words without punctuation, articles, possessives and copulas: the wording a fair match ignores. */
export function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']s\b/gu, "")
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .split(/\s+/u)
    .filter((word) => word && !dropped.has(word));
}

/** True when two memories say the same thing: the same content words, or at least 75 % of them shared. */
export function sameMemory(left: string, right: string): boolean {
  const a = new Set(normalise(left));
  const b = new Set(normalise(right));
  if (!a.size || !b.size) return a.size === b.size;
  const shared = [...a].filter((word) => b.has(word)).length;
  return shared / Math.max(a.size, b.size) >= 0.75;
}

/** A match needs the same memory (see sameMemory), the same type and the same slot (or both without one). */
export function matches(extracted: ExtractedFact, expected: ExpectedFact): boolean {
  return (
    extracted.type === expected.type &&
    (extracted.slot ?? "") === (expected.slot ?? "") &&
    sameMemory(extracted.memory, expected.memory)
  );
}

/** Scores one case: each expected memory can be matched by one extracted memory at most. */
export function scoreCase(extracted: ExtractedFact[], expected: ExpectedFact[]): Tally {
  const open = [...expected];
  let truePositives = 0;
  for (const fact of extracted) {
    const index = open.findIndex((wanted) => matches(fact, wanted));
    if (index < 0) continue;
    open.splice(index, 1);
    truePositives++;
  }
  return { truePositives, falsePositives: extracted.length - truePositives, falseNegatives: open.length };
}

/** Precision, recall and F1 of a tally (1 when there was nothing to get wrong). */
export function rates(tally: Tally): { precision: number; recall: number; f1: number } {
  const predicted = tally.truePositives + tally.falsePositives;
  const wanted = tally.truePositives + tally.falseNegatives;
  const precision = predicted ? tally.truePositives / predicted : 1;
  const recall = wanted ? tally.truePositives / wanted : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** Adds tallies. */
export function addTally(total: Tally, one: Tally): Tally {
  return {
    truePositives: total.truePositives + one.truePositives,
    falsePositives: total.falsePositives + one.falsePositives,
    falseNegatives: total.falseNegatives + one.falseNegatives,
  };
}

/** Scores every case with an extractor and groups the tallies by category ("overall" included). */
export async function scoreCases(
  cases: ExtractionCase[],
  extract: (text: string) => ExtractedFact[] | Promise<ExtractedFact[]>,
): Promise<Map<string, Tally>> {
  const empty: Tally = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  const byCategory = new Map<string, Tally>();
  for (const item of cases) {
    const tally = scoreCase(await extract(item.text), item.expected);
    byCategory.set(item.category, addTally(byCategory.get(item.category) ?? empty, tally));
    byCategory.set("overall", addTally(byCategory.get("overall") ?? empty, tally));
  }
  return byCategory;
}
