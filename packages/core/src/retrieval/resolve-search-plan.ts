import { InvalidArgumentError } from "../errors/index.js";
import type { MemoryType } from "../types.js";
import { describeValue } from "../validate/describe-value.js";
import { checkMinRelevance } from "./check-retrieval-options.js";
import { checkMaxAgeDays, checkTypeList, unknownPolicyMessage } from "./check-retrieval-policies.js";
import type { Reranker } from "./reranker.js";
import { defaultRetrievalOptions, type RetrievalOptions } from "./retrieval-options.js";
import type { EffectiveRetrievalSettings, PolicyExplanation, RetrievalPolicy } from "./retrieval-policy.js";

/** The per-call options that choose or override a policy. */
export interface SearchPlanInput {
  /** The policy named in the call. */
  policy?: unknown;
  /** Rerank or not, for this call. */
  rerank?: unknown;
  /** The call's limit, already checked. */
  limit?: number;
  /** The call's types. */
  types?: unknown;
  /** The call's relevance floor. */
  minRelevance?: unknown;
  /** The call's age limit. */
  maxAgeDays?: unknown;
  /** The scope's agent, whose default policy applies when the call names none. */
  agentId?: string;
}

/** How one search runs once the Memory's options, the policy and the call's options are combined. */
export interface SearchPlan {
  /** The scoring options (the Memory's, with the policy's weights over them). */
  retrieval: RetrievalOptions;
  /** How many results. */
  limit: number;
  /** Only these types (absent: all). */
  types?: MemoryType[];
  /** Only memories this recent (absent: any age). */
  maxAgeDays?: number;
  /** The relevance floor. */
  minRelevance: number;
  /** The reranker to run (absent: none). */
  reranker?: Reranker;
  /** The policy that applied, and the effective settings, for `explain`. */
  policy: PolicyExplanation;
}

function choosePolicy(
  retrieval: RetrievalOptions,
  input: SearchPlanInput,
): { name: string | null; source: PolicyExplanation["source"]; policy: RetrievalPolicy } {
  const policies = retrieval.policies ?? {};
  const known = Object.keys(policies);
  if (input.policy !== undefined) {
    if (typeof input.policy !== "string" || !Object.hasOwn(policies, input.policy))
      throw new InvalidArgumentError({
        argument: "options.policy",
        message: unknownPolicyMessage(input.policy, known),
      });
    return { name: input.policy, source: "call", policy: policies[input.policy]! };
  }
  const agentPolicies = retrieval.agentPolicies ?? {};
  if (input.agentId !== undefined && Object.hasOwn(agentPolicies, input.agentId)) {
    const name = agentPolicies[input.agentId]!;
    return { name, source: "agent", policy: policies[name]! };
  }
  return { name: null, source: "none", policy: {} };
}

function chooseReranker(
  retrieval: RetrievalOptions,
  policy: RetrievalPolicy,
  rerank: unknown,
): Reranker | undefined {
  if (rerank !== undefined && typeof rerank !== "boolean")
    throw new InvalidArgumentError({
      argument: "options.rerank",
      message: `expected true or false, got ${describeValue(rerank)}.`,
    });
  if (rerank === true && !retrieval.reranker)
    throw new InvalidArgumentError({
      argument: "options.rerank",
      message: "no reranker is configured: set retrieval.reranker on new Memory(), or leave rerank out.",
    });
  return (rerank ?? policy.rerank ?? true) ? retrieval.reranker : undefined;
}

/**
 * Combines the Memory's retrieval options, the policy that applies (named in the call, else the default of the
 * scope's agent) and the call's own options, in that order of precedence from lowest to highest.
 * @throws InvalidArgumentError for an unknown policy name (naming the known ones) or malformed call options.
 */
export function resolveSearchPlan(
  retrieval: RetrievalOptions,
  input: SearchPlanInput,
  defaultLimit: number,
): SearchPlan {
  const chosen = choosePolicy(retrieval, input);
  const {
    limit: policyLimit,
    types: policyTypes,
    maxAgeDays: policyAge,
    rerank: _rerank,
    ...weights
  } = chosen.policy;
  const scoring: RetrievalOptions = { ...retrieval, ...definedOnly(weights) };
  checkTypeList(input.types, "options.types");
  const types = (input.types as MemoryType[] | undefined) ?? policyTypes;
  const maxAgeDays = checkMaxAgeDays(input.maxAgeDays, "options.maxAgeDays") ?? policyAge;
  const minRelevance =
    checkMinRelevance(input.minRelevance, "options.minRelevance") ??
    scoring.minRelevance ??
    defaultRetrievalOptions.minRelevance;
  const reranker = chooseReranker(retrieval, chosen.policy, input.rerank);
  const limit = input.limit ?? policyLimit ?? defaultLimit;
  const settings: EffectiveRetrievalSettings = {
    limit,
    ...(types ? { types } : {}),
    ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
    minRelevance,
    rerank: reranker !== undefined,
    vectorWeight: scoring.vectorWeight ?? defaultRetrievalOptions.vectorWeight,
    keywordWeight: scoring.keywordWeight ?? defaultRetrievalOptions.keywordWeight,
    ...(scoring.recency
      ? { recency: { halfLifeDays: scoring.recency.halfLifeDays, weight: scoring.recency.weight ?? 0.2 } }
      : {}),
    ...(scoring.typeWeights ? { typeWeights: scoring.typeWeights } : {}),
    importanceWeight: scoring.importanceWeight ?? 0,
  };
  return {
    retrieval: scoring,
    limit,
    ...(types ? { types } : {}),
    ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
    minRelevance,
    ...(reranker ? { reranker } : {}),
    policy: { name: chosen.name, source: chosen.source, settings },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
