import { checkScopeId, hasScope, InvalidArgumentError, pickScope, type ScopeSelector } from "@engram/core";

/** Where the tools of one MCP server may read and write: fixed by configuration or the API key, never by the model. */
export interface McpScope {
  /** The user every tool call is confined to. */
  userId?: string;
  /** The agent every tool call is confined to. */
  agentId?: string;
  /** The run every tool call is confined to. */
  runId?: string;
}

/** A checked scope plus whether the model may narrow it to one run. */
export interface ScopePolicy {
  /** The configured scope (at least userId or agentId). */
  scope: ScopeSelector;
  /** True when the tools take a `runId` argument that narrows (never widens) the scope to one run. */
  allowRunId: boolean;
}

/**
 * Checks a configured scope: it must name a user or an agent (a run alone would let any client that guesses the
 * run id in), and every id must be well formed. `allowRunId` is ignored when the scope already has a run.
 */
export function checkScopePolicy(scope: McpScope, allowRunId: boolean, argument: string): ScopePolicy {
  const picked = pickScope(scope ?? {}, argument);
  if (picked.userId === undefined && picked.agentId === undefined) {
    throw new InvalidArgumentError({
      argument,
      message:
        "the MCP server needs a userId or agentId to confine every tool call to: set it in the configuration (--user-id, ENGRAM_MCP_USER_ID) or pin it on the API key, never leave it to the model.",
    });
  }
  return { scope: picked as ScopeSelector, allowRunId: allowRunId && picked.runId === undefined };
}

/** The scope of one tool call: the configured scope, narrowed to `runId` when the policy allows it. */
export function callScope(policy: ScopePolicy, runId: string | undefined): ScopeSelector {
  if (runId === undefined) return policy.scope;
  if (!policy.allowRunId) {
    // The schema has no runId in this case; this guards callers that bypass it.
    throw new InvalidArgumentError({
      argument: "runId",
      message: "this MCP server does not let tool calls choose a run; leave runId out.",
    });
  }
  const scope = { ...policy.scope, runId: checkScopeId(runId, "runId") };
  if (!hasScope(scope)) throw new InvalidArgumentError({ argument: "runId", message: "invalid scope." });
  return scope;
}
