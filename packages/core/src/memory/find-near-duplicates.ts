import { dot } from "../embedders/vector-math.js";
import { embedOptions, embedTexts } from "../embedders/embed-texts.js";
import type { SkippedOperation } from "../extraction/extraction-options.js";
import { queryTerms } from "../text/tokenize.js";
import type { MemoryRecord, Scope } from "../types.js";
import { analyzeMemoryText, compareAnalyses, type MemoryTextAnalysis } from "./compare-memory-texts.js";
import { type ResolvedDeduplication, similarityThreshold } from "./deduplication-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { AddOperation, GuardedOperation } from "./memory-operation.js";
import type { NearDuplicateMatch } from "./memory-options.js";

/** Candidates read from the store per new memory (vector and keyword rankings each). */
const candidatesPerMemory = 5;

/** Operations with near-duplicates resolved, and the new memories dropped for repeating another of the same add. */
export interface NearDuplicateResolution {
  /** The plan with each near-duplicate ADD replaced by NONE on the memory that already says it. */
  operations: GuardedOperation[];
  /** ADDs dropped because an earlier one of the same add says the same. */
  skipped: SkippedOperation[];
}

/** An ADD that can be a near-duplicate: one that replaces nothing and fills no slot (slots supersede instead). */
function isCandidate(operation: GuardedOperation): operation is AddOperation {
  return operation.event === "ADD" && !operation.supersedes?.length && operation.slot === undefined;
}

const rounded = (value: number) => Math.round(value * 1000) / 1000;

interface Judged {
  similarity: number;
  overlap: number;
}

// Stored memories are compared again in every add they look like, so their analyses are kept (bounded).
const analyses = new Map<string, MemoryTextAnalysis>();
const analysesLimit = 20_000;

function analysis(text: string): MemoryTextAnalysis {
  const known = analyses.get(text);
  if (known) return known;
  const found = analyzeMemoryText(text);
  if (analyses.size >= analysesLimit) analyses.clear();
  analyses.set(text, found);
  return found;
}

/** The wording half of the rule: compatible, enough shared terms, nothing new in the new text. */
function wordingRule(settings: ResolvedDeduplication) {
  return (newText: string, existingText: string) => {
    const lexical = compareAnalyses(analysis(newText), analysis(existingText));
    return lexical.compatible && lexical.overlap >= settings.minOverlap && lexical.extraTerms === 0
      ? lexical
      : undefined;
  };
}

type WordingMatches = ReturnType<typeof wordingRule>;

/** Drops ADDs that repeat an earlier ADD of the same add in other words; the kept one gains their sources. */
function withinBatch(
  adds: AddOperation[],
  vectors: Map<AddOperation, Float32Array>,
  threshold: number,
  wordingMatches: WordingMatches,
  skipped: SkippedOperation[],
): Set<AddOperation> {
  const dropped = new Set<AddOperation>();
  const kept: AddOperation[] = [];
  for (const operation of adds) {
    // The vector test first: it is cheaper than reading both texts.
    const earlier = kept.find(
      (other) =>
        dot(vectors.get(operation)!, vectors.get(other)!) >= threshold &&
        wordingMatches(operation.memory, other.memory) !== undefined,
    );
    if (!earlier) {
      kept.push(operation);
      continue;
    }
    dropped.add(operation);
    earlier.sources = [...earlier.sources, ...operation.sources];
    const similarity = rounded(dot(vectors.get(operation)!, vectors.get(earlier)!));
    skipped.push({
      reason: "duplicate",
      event: "ADD",
      memory: operation.memory,
      detail: `says the same as "${earlier.memory}" earlier in this add (similarity ${similarity}).`,
    });
  }
  return dropped;
}

/**
 * Finds, for each new memory of a plan, a current memory of the reconciliation scope that says the same thing in
 * other words: its content terms agree (same polarity, operators, numbers, names and pronoun roles; at least
 * `minOverlap` shared, nothing added) and the embedder's cosine similarity reaches the threshold. Such an ADD
 * becomes NONE on that memory. The store is searched once per new memory, all at once, and every text is
 * embedded in one call per side.
 */
export async function findNearDuplicates(
  context: MemoryContext,
  scope: Scope,
  operations: GuardedOperation[],
  settings: ResolvedDeduplication,
): Promise<NearDuplicateResolution> {
  const skipped: SkippedOperation[] = [];
  const adds = operations.filter(isCandidate);
  if (!settings.near || adds.length === 0) return { operations, skipped };
  const threshold = similarityThreshold(settings, context.embedder.name);
  const embedded = await embedTexts(
    context.embedder,
    adds.map((operation) => operation.memory),
    embedOptions(context),
  );
  const vectors = new Map(adds.map((operation, index) => [operation, embedded[index]!]));
  const wordingMatches = wordingRule(settings);
  const dropped = withinBatch(adds, vectors, threshold, wordingMatches, skipped);
  const remaining = adds.filter((operation) => !dropped.has(operation));
  const asOf = context.now().toISOString();
  const found = await Promise.all(
    remaining.map(async (operation) => {
      const candidates = await context.store.search({
        scope,
        vector: vectors.get(operation)!,
        terms: queryTerms(operation.memory),
        limit: candidatesPerMemory,
        asOf,
      });
      const alike = candidates.flatMap(({ record }) => {
        const lexical = wordingMatches(operation.memory, record.memory);
        return lexical ? [{ record, overlap: lexical.overlap }] : [];
      });
      return [operation, alike] as const;
    }),
  );
  const matches = await judgeSimilarity(context, found, vectors, threshold);
  const result: GuardedOperation[] = [];
  for (const operation of operations) {
    if (operation.event !== "ADD" || !vectors.has(operation)) result.push(operation);
    else if (dropped.has(operation)) continue;
    else {
      const match = matches.get(operation);
      result.push(
        match
          ? { event: "NONE", target: match.record, nearDuplicate: describeMatch(operation, match) }
          : operation,
      );
    }
  }
  return { operations: result, skipped };
}

function describeMatch(operation: AddOperation, match: Judged): NearDuplicateMatch {
  return { memory: operation.memory, similarity: rounded(match.similarity), overlap: rounded(match.overlap) };
}

/**
 * The most similar look-alike of each new memory at or above the threshold. The look-alikes' own texts are
 * embedded (one call): a stored vector may include the memory's context, which is not what it says.
 */
async function judgeSimilarity(
  context: MemoryContext,
  found: ReadonlyArray<readonly [AddOperation, Array<{ record: MemoryRecord; overlap: number }>]>,
  vectors: Map<AddOperation, Float32Array>,
  threshold: number,
): Promise<Map<AddOperation, Judged & { record: MemoryRecord }>> {
  const texts = [...new Set(found.flatMap(([, alike]) => alike.map(({ record }) => record.memory)))];
  const matches = new Map<AddOperation, Judged & { record: MemoryRecord }>();
  if (texts.length === 0) return matches;
  const embedded = await embedTexts(context.embedder, texts, embedOptions(context));
  const vectorOf = new Map(texts.map((text, index) => [text, embedded[index]!]));
  for (const [operation, alike] of found) {
    for (const { record, overlap } of alike) {
      const similarity = dot(vectors.get(operation)!, vectorOf.get(record.memory)!);
      const best = matches.get(operation);
      if (similarity >= threshold && (!best || similarity > best.similarity))
        matches.set(operation, { record, similarity, overlap });
    }
  }
  return matches;
}
