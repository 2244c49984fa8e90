import { InvalidArgumentError, type Scope, type ScopeSelector, asSelector } from "@engram/core";

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

/** The write scope, the (usually wider) search scope and the provenance of a turn. */
export interface TurnScope {
  /**
   * Where new memories go: the user (and agent) level, so a fact told in one thread is the same fact in every
   * other; the run only when it is all there is, or when `scopeWritesToRun` asks for it.
   */
  write: ScopeSelector;
  /** Where memories are searched, updated and deleted: without runId unless that is all there is. */
  search: ScopeSelector;
  /** The thread a user-level memory came from, kept in its sources. */
  runId?: string;
}

/** Resolves a turn's scopes, or throws a clear error when the runtime names no user, agent or run. */
export function resolveTurnScope(
  resolver: ScopeResolver,
  runtime: ScopeRuntime,
  searchAcrossRuns: boolean,
  scopeWritesToRun = false,
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
  const wider = rest.userId || rest.agentId ? asSelector(rest) : undefined;
  const full = asSelector(write);
  const search = searchAcrossRuns && wider ? wider : full;
  if (scopeWritesToRun || !wider) return { write: full, search };
  return { write: wider, search, ...(runId ? { runId } : {}) };
}
