import { InvalidArgumentError, type Scope } from "@engram/core";

/** The parts of an agent or tool runtime a scope is read from. */
export interface ScopeRuntime {
  /** The invocation's context (`agent.invoke(input, { context })`). */
  context?: unknown;
  /** The invocation's configurable values (`thread_id` is the session). */
  configurable?: Record<string, unknown>;
}

/** Reads the Engram scope of a turn from the agent runtime; undefined when it names no identity. */
export type ScopeResolver = (runtime: ScopeRuntime) => Scope | undefined;

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() ? value : undefined;

/** The default scope: userId, agentId and runId from `context`; runId falls back to `configurable.thread_id`. */
export function defaultScope(runtime: ScopeRuntime): Scope {
  const context = (
    typeof runtime.context === "object" && runtime.context !== null ? runtime.context : {}
  ) as Record<string, unknown>;
  const scope: Scope = {};
  const userId = text(context.userId);
  const agentId = text(context.agentId);
  const runId = text(context.runId) ?? text(runtime.configurable?.thread_id);
  if (userId) scope.userId = userId;
  if (agentId) scope.agentId = agentId;
  if (runId) scope.runId = runId;
  return scope;
}

/** The write scope and the (usually wider) search scope of a turn. */
export interface TurnScope {
  /** Where new memories go: the full scope, run (thread) included. */
  write: Scope;
  /** Where memories are searched, updated and deleted: without runId unless that is all there is. */
  search: Scope;
}

/** Resolves a turn's scopes, or throws a clear error when the runtime names no user, agent or run. */
export function resolveTurnScope(
  resolver: ScopeResolver,
  runtime: ScopeRuntime,
  searchAcrossRuns: boolean,
): TurnScope {
  const write = resolver(runtime) ?? {};
  if (!write.userId && !write.agentId && !write.runId) {
    throw new InvalidArgumentError({
      argument: "context",
      message:
        'Engram needs to know whose memory to use: invoke the agent with { context: { userId: "alice" } } (or agentId / runId), or pass a scope function that reads your own context fields.',
    });
  }
  const { runId, ...rest } = write;
  const search = searchAcrossRuns && (rest.userId || rest.agentId) ? rest : write;
  return { write, search };
}
