import { InvalidArgumentError } from "../errors/index.js";
import { checkType } from "../memory/add-memories.js";
import { checkTimeout } from "../models/with-timeout.js";
import { describeValue } from "../validate/describe-value.js";
import { closestName } from "./closest-name.js";
import { defaultRetrievalOptions, type RetrievalOptions } from "./retrieval-options.js";
import { retrievalPolicyKeys } from "./retrieval-policy.js";

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a whole number in [min, max], or undefined. */
export function checkWholeNumber(value: unknown, argument: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    fail(argument, `expected a whole number from ${min} to ${max}, got ${describeValue(value)}.`);
}

/** Checks a `maxAgeDays` option: undefined, or a finite number of days above 0. */
export function checkMaxAgeDays(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    fail(argument, `expected a number of days above 0, e.g. 30, got ${describeValue(value)}.`);
  return value;
}

/** Checks a `types` list: a non-empty array of memory type names. */
export function checkTypeList(value: unknown, argument: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0)
    fail(argument, 'expected a non-empty array of memory types, e.g. ["task_state"].');
  for (const [index, type] of value.entries()) checkType(type, `${argument}[${index}]`);
}

/** Checks `retrieval.reranker` and the reranking settings around it. */
export function checkRerankOptions(retrieval: Record<string, unknown>, argument: string): void {
  const { reranker } = retrieval;
  if (reranker !== undefined) {
    const name = `${argument}.reranker`;
    if (
      typeof reranker !== "object" ||
      reranker === null ||
      typeof (reranker as { rerank?: unknown }).rerank !== "function"
    )
      fail(
        name,
        `expected an object with a rerank(query, candidates, { signal, limit }) method, got ${describeValue(reranker)}.`,
      );
    const { name: rerankerName, maxCandidates } = reranker as { name?: unknown; maxCandidates?: unknown };
    if (rerankerName !== undefined && (typeof rerankerName !== "string" || !rerankerName.trim()))
      fail(`${name}.name`, `expected a non-empty string, got ${describeValue(rerankerName)}.`);
    checkWholeNumber(maxCandidates, `${name}.maxCandidates`, 1, 10_000);
  }
  checkWholeNumber(retrieval.rerankDepth, `${argument}.rerankDepth`, 1, 200);
  checkTimeout(
    retrieval.rerankTimeoutMs,
    `${argument}.rerankTimeoutMs`,
    defaultRetrievalOptions.rerankTimeoutMs,
  );
  const onError = retrieval.onRerankError;
  if (onError !== undefined && onError !== "fallback" && onError !== "throw")
    fail(
      `${argument}.onRerankError`,
      `expected "fallback" (return the fused order) or "throw", got ${describeValue(onError)}.`,
    );
}

/**
 * Checks `retrieval.policies` and `retrieval.agentPolicies`: known keys with valid values in every policy (the
 * scoring ones by `checkScoring`, the same rules as the Memory's own options), `rerank: true` only with a reranker,
 * and agent defaults that name a defined policy.
 */
export function checkRetrievalPolicies(
  retrieval: Record<string, unknown>,
  argument: string,
  checkScoring: (options: unknown, argument: string) => RetrievalOptions,
): void {
  const { policies, agentPolicies } = retrieval;
  const names: string[] = [];
  if (policies !== undefined) {
    if (!isObject(policies))
      fail(
        `${argument}.policies`,
        `expected an object of named policies, e.g. { planner: { limit: 20 } }, got ${describeValue(policies)}.`,
      );
    for (const [name, policy] of Object.entries(policies)) {
      checkPolicy(policy, `${argument}.policies.${name}`, retrieval, checkScoring);
      names.push(name);
    }
  }
  if (agentPolicies === undefined) return;
  if (!isObject(agentPolicies))
    fail(
      `${argument}.agentPolicies`,
      `expected an object of agent ids to policy names, e.g. { "support-bot": "support" }, got ${describeValue(agentPolicies)}.`,
    );
  for (const [agentId, name] of Object.entries(agentPolicies)) {
    if (typeof name !== "string" || !names.includes(name))
      fail(`${argument}.agentPolicies.${agentId}`, unknownPolicyMessage(name, names));
  }
}

/** The message for a policy name that is not defined, naming the known ones (and the closest). */
export function unknownPolicyMessage(name: unknown, known: readonly string[]): string {
  const suggestion = typeof name === "string" ? closestName(name, known) : undefined;
  const list = known.length
    ? `Known policies: ${known.join(", ")}.`
    : "No policies are defined: add them under retrieval.policies.";
  return `no retrieval policy is named ${describeValue(name)}${suggestion ? `; did you mean "${suggestion}"?` : "."} ${list}`;
}

function checkPolicy(
  policy: unknown,
  argument: string,
  retrieval: Record<string, unknown>,
  checkScoring: (options: unknown, argument: string) => RetrievalOptions,
): void {
  if (!isObject(policy))
    fail(
      argument,
      `expected a policy object, e.g. { limit: 20, types: ["task_state"] }, got ${describeValue(policy)}.`,
    );
  for (const key of Object.keys(policy)) {
    if ((retrievalPolicyKeys as readonly string[]).includes(key)) continue;
    const suggestion = closestName(key, retrievalPolicyKeys);
    fail(
      `${argument}.${key}`,
      `unknown key${suggestion ? `; did you mean "${suggestion}"?` : "."} Known keys: ${retrievalPolicyKeys.join(", ")}.`,
    );
  }
  const { limit, types, maxAgeDays, rerank, ...scoring } = policy;
  checkWholeNumber(limit, `${argument}.limit`, 1, 1000);
  checkTypeList(types, `${argument}.types`);
  checkMaxAgeDays(maxAgeDays, `${argument}.maxAgeDays`);
  if (rerank !== undefined && typeof rerank !== "boolean")
    fail(`${argument}.rerank`, `expected true or false, got ${describeValue(rerank)}.`);
  if (rerank === true && retrieval.reranker === undefined)
    fail(`${argument}.rerank`, "needs a reranker: set retrieval.reranker, or leave rerank out.");
  // Weights left out come from the Memory's options, so both being 0 is judged on what the search will use.
  checkScoring(
    {
      ...scoring,
      vectorWeight: scoring.vectorWeight ?? retrieval.vectorWeight,
      keywordWeight: scoring.keywordWeight ?? retrieval.keywordWeight,
    },
    argument,
  );
}
