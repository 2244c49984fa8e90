import { InvalidArgumentError } from "../errors/index.js";
import { describeValue } from "../validate/describe-value.js";
import { checkKnownKeys, plainObjectKeys } from "../validate/well-formed.js";

/** How `add()` recognises a memory it already has in other words (`new Memory({ deduplication })`). */
export interface DeduplicationOptions {
  /**
   * Detect near-duplicates ("I really love sushi!" when "I love sushi." is stored) besides exact ones; false keeps
   * exact-text deduplication only. @default true
   */
  near?: boolean;
  /**
   * Least cosine similarity (of the embedder's vectors) for a near-duplicate; the lexical test must pass too.
   * @default 0.77 for the wink embedder, 0.5 for hashing embedders, 0.9 for any other (measured in BENCHMARKS.md)
   */
  threshold?: number;
  /** Least share of content terms the two texts have in common (Jaccard, in [0, 1]). @default 0.6 */
  minOverlap?: number;
}

/** The resolved deduplication settings of a Memory. */
export interface ResolvedDeduplication {
  /** Whether near-duplicates are detected. */
  near: boolean;
  /** The configured similarity threshold; absent: the embedder's measured default. */
  threshold?: number;
  /** Least content-term overlap. */
  minOverlap: number;
}

/** Default least content-term overlap (chosen on the dev half of the labelled pairs, see BENCHMARKS.md). */
export const defaultMinOverlap = 0.6;

/** Measured similarity thresholds of the embedders Engram ships; others get `unknownEmbedderThreshold`. */
const measuredThresholds: Array<[RegExp, number]> = [
  [/^wink-sg-100d$/u, 0.77],
  [/^hashing-\d+$/u, 0.5],
];

/** Threshold for embedders nothing was measured with: high, and the lexical test still has to pass. */
export const unknownEmbedderThreshold = 0.9;

/** The default near-duplicate similarity threshold for an embedder, by its name (measured, or the unknown one). */
export function nearDuplicateThreshold(embedderName: string): number {
  return measuredThresholds.find(([name]) => name.test(embedderName))?.[1] ?? unknownEmbedderThreshold;
}

/** The similarity threshold for an embedder: the configured one, else the measured default for its name. */
export function similarityThreshold(settings: ResolvedDeduplication, embedderName: string): number {
  return settings.threshold ?? nearDuplicateThreshold(embedderName);
}

function checkFraction(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a number from 0 to 1, got ${describeValue(value)}.`,
    });
  }
  return value;
}

/** Checks `options.deduplication` of `new Memory()` and resolves its defaults. */
export function checkDeduplicationOptions(options: unknown): ResolvedDeduplication {
  if (options === undefined) return { near: true, minOverlap: defaultMinOverlap };
  plainObjectKeys(options, "options.deduplication", "{ near?, threshold?, minOverlap? }");
  checkKnownKeys(options, ["near", "threshold", "minOverlap"], "options.deduplication");
  const { near, threshold, minOverlap } = options as DeduplicationOptions;
  if (near !== undefined && typeof near !== "boolean") {
    throw new InvalidArgumentError({
      argument: "options.deduplication.near",
      message: "expected true (also detect near-duplicates) or false (exact text only).",
    });
  }
  const checkedThreshold = checkFraction(threshold, "options.deduplication.threshold");
  return {
    near: near ?? true,
    ...(checkedThreshold !== undefined ? { threshold: checkedThreshold } : {}),
    minOverlap: checkFraction(minOverlap, "options.deduplication.minOverlap") ?? defaultMinOverlap,
  };
}
