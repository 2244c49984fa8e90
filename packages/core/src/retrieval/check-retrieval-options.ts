import { InvalidArgumentError } from "../errors/index.js";
import { checkRerankOptions, checkRetrievalPolicies } from "./check-retrieval-policies.js";
import { closestName } from "./closest-name.js";
import { defaultRetrievalOptions, type RetrievalOptions } from "./retrieval-options.js";

const topLevelKeys = [
  "vectorWeight",
  "keywordWeight",
  "keywordSaturation",
  "recency",
  "typeWeights",
  "candidateMultiplier",
  "minRelevance",
  "importanceWeight",
  "accessDecay",
  "reranker",
  "rerankDepth",
  "rerankTimeoutMs",
  "onRerankError",
  "policies",
  "agentPolicies",
] as const;
const recencyKeys = ["halfLifeDays", "weight"] as const;

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

function checkObject(value: unknown, argument: string, example: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(argument, `expected an object, e.g. ${example}, got ${describe(value)}.`);
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

function checkKeys(object: Record<string, unknown>, known: readonly string[], argument: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const suggestion = closestName(key, known);
    fail(
      `${argument}.${key}`,
      `unknown key${suggestion ? `; did you mean "${suggestion}"?` : "."} Known keys: ${known.join(", ")}.`,
    );
  }
}

/** Checks an optional finite number in [min, max] (max may be open-ended). */
function checkNumber(
  value: unknown,
  argument: string,
  range: { min: number; max?: number; above?: boolean },
): void {
  if (value === undefined) return;
  const { min, max, above } = range;
  const inRange =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (above ? value > min : value >= min) &&
    (max === undefined || value <= max);
  if (!inRange) {
    const wanted =
      max !== undefined ? `from ${min} to ${max}` : above ? `above ${min}` : `of at least ${min}`;
    fail(argument, `expected a finite number ${wanted}, got ${describe(value)}.`);
  }
}

function checkRecency(value: unknown, argument: string): void {
  if (value === undefined) return;
  const recency = checkObject(value, argument, "{ halfLifeDays: 30, weight: 0.2 }");
  checkKeys(recency, recencyKeys, argument);
  if (recency.halfLifeDays === undefined)
    fail(
      `${argument}.halfLifeDays`,
      "expected a number of days above 0, e.g. 30 (leave recency out to turn it off).",
    );
  checkNumber(recency.halfLifeDays, `${argument}.halfLifeDays`, { min: 0, above: true });
  checkNumber(recency.weight, `${argument}.weight`, { min: 0, max: 1 });
}

function checkTypeWeights(value: unknown, argument: string): void {
  if (value === undefined) return;
  const weights = checkObject(value, argument, "{ preference: 1.2 }");
  for (const [type, weight] of Object.entries(weights)) {
    if (weight === undefined) continue;
    checkNumber(weight, `${argument}.${type}`, { min: 0 });
  }
}

/**
 * Validates `new Memory({ retrieval })`: weights finite and ≥ 0 (vector and keyword not both 0), a positive
 * half-life, a recency weight and relevance floor in [0, 1], a whole candidate multiplier from 1 to 50, a reranker
 * with a rerank method, policies with valid settings and agent defaults naming them, and no unknown keys (with a suggestion for near misses such as "vectorWeigth"). Returns the options unchanged.
 * @throws InvalidArgumentError naming the offending key.
 */
export function checkRetrievalOptions(options: unknown, argument = "retrieval"): RetrievalOptions {
  if (options === undefined) return {};
  const retrieval = checkObject(options, argument, "{ vectorWeight: 0.7, keywordWeight: 0.3 }");
  checkKeys(retrieval, topLevelKeys, argument);
  checkNumber(retrieval.vectorWeight, `${argument}.vectorWeight`, { min: 0 });
  checkNumber(retrieval.keywordWeight, `${argument}.keywordWeight`, { min: 0 });
  const vector = (retrieval.vectorWeight as number | undefined) ?? defaultRetrievalOptions.vectorWeight;
  const keyword = (retrieval.keywordWeight as number | undefined) ?? defaultRetrievalOptions.keywordWeight;
  if (vector + keyword === 0)
    fail(
      `${argument}.vectorWeight`,
      "vectorWeight and keywordWeight are both 0, so every score would be 0; give one a weight above 0.",
    );
  checkNumber(retrieval.keywordSaturation, `${argument}.keywordSaturation`, { min: 0, above: true });
  checkRecency(retrieval.recency, `${argument}.recency`);
  checkTypeWeights(retrieval.typeWeights, `${argument}.typeWeights`);
  const multiplier = retrieval.candidateMultiplier;
  if (
    multiplier !== undefined &&
    (typeof multiplier !== "number" || !Number.isInteger(multiplier) || multiplier < 1 || multiplier > 50)
  )
    fail(
      `${argument}.candidateMultiplier`,
      `expected a whole number from 1 to 50, got ${describe(multiplier)}.`,
    );
  checkMinRelevance(retrieval.minRelevance, `${argument}.minRelevance`);
  checkNumber(retrieval.importanceWeight, `${argument}.importanceWeight`, { min: 0, max: 1 });
  if (retrieval.accessDecay !== undefined) {
    const name = `${argument}.accessDecay`;
    const decay = checkObject(retrieval.accessDecay, name, "{ halfLifeDays: 30, floor: 0.5, ceiling: 1.2 }");
    checkKeys(decay, ["halfLifeDays", "floor", "ceiling"], name);
    if (decay.halfLifeDays === undefined)
      fail(`${name}.halfLifeDays`, "expected a number of days above 0, e.g. 30.");
    checkNumber(decay.halfLifeDays, `${name}.halfLifeDays`, { min: 0, above: true });
    checkNumber(decay.floor, `${name}.floor`, { min: 0, max: 1 });
    checkNumber(decay.ceiling, `${name}.ceiling`, {
      min: (decay.floor as number | undefined) ?? 0.5,
      max: 2,
    });
  }
  checkRerankOptions(retrieval, argument);
  checkRetrievalPolicies(retrieval, argument, checkRetrievalOptions);
  return retrieval as RetrievalOptions;
}

/** Validates a relevance floor: undefined, or a finite number in [0, 1]. */
export function checkMinRelevance(value: unknown, argument: string): number | undefined {
  checkNumber(value, argument, { min: 0, max: 1 });
  return value as number | undefined;
}
