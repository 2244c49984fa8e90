import { InvalidArgumentError, hasScope, pickScope, scopeFields, type Scope } from "@engram/core";
import type { EngramMiddlewareOptions } from "./middleware-options.js";
import type { CallOptions } from "./sdk-types.js";

/** The provider-options key callers use to pass a per-request scope. */
export const providerOptionsKey = "engram";

const allowedKeys = new Set<string>(scopeFields);

/** Reads and validates `params.providerOptions.engram`. */
function scopeFromProviderOptions(params: CallOptions): Scope {
  const value: unknown = params.providerOptions?.[providerOptionsKey];
  if (value === undefined || value === null) return {};
  const argument = `providerOptions.${providerOptionsKey}`;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidArgumentError({ argument, message: 'expected an object such as { userId: "alice" }.' });
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.has(key)) {
      throw new InvalidArgumentError({
        argument: `${argument}.${key}`,
        message: `unknown key; ${argument} accepts userId, agentId and runId (camelCase).`,
      });
    }
  }
  return pickScope(value as Record<string, unknown>, argument);
}

/**
 * The scope of one model call: the middleware's scope option (an object or a resolver) overlaid with the
 * fields of `providerOptions.engram`. Throws when no identity is named, because an unscoped call could read
 * or write another user's memories.
 */
export async function resolveScope(options: EngramMiddlewareOptions, params: CallOptions): Promise<Scope> {
  const configured = typeof options.scope === "function" ? await options.scope(params) : options.scope;
  const scope: Scope = {
    ...pickScope(configured as Record<string, unknown> | undefined, "scope"),
    ...scopeFromProviderOptions(params),
  };
  if (!hasScope(scope)) {
    throw new InvalidArgumentError({
      argument: "scope",
      message:
        "the Engram middleware needs a scope for this call: pass providerOptions: { engram: { userId } } to generateText/streamText, or give engramMiddleware({ scope }) an object or a function.",
    });
  }
  return scope;
}
