import { InvalidArgumentError } from "./errors/index.js";
import type { Metadata, Scope } from "./types.js";

/** The three scope fields, in a fixed order. */
export const scopeFields = ["userId", "agentId", "runId"] as const;

/** Metadata keys that could be confused with scope and are therefore refused. */
const reservedMetadataKeys = new Set(["userId", "agentId", "runId", "user_id", "agent_id", "run_id"]);

function checkScopeValue(value: unknown, argument: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError({
      argument,
      message: `expected a non-empty string, got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

/** Picks and validates the scope fields of `options`; the result may be empty. */
export function pickScope(
  options: Partial<Record<string, unknown>> | undefined,
  argument = "options",
): Scope {
  const scope: Scope = {};
  if (!options) return scope;
  for (const field of scopeFields) {
    const value = checkScopeValue(options[field], `${argument}.${field}`);
    if (value !== undefined) scope[field] = value;
  }
  return scope;
}

/** Validates that `options` names at least one of userId/agentId/runId and returns that scope. */
export function requireScope(options: Partial<Record<string, unknown>> | undefined, method: string): Scope {
  const scope = pickScope(options);
  if (!hasScope(scope)) {
    throw new InvalidArgumentError({
      argument: "options",
      message: `${method}() needs a scope: pass at least one of userId, agentId or runId, e.g. memory.${method}(…, { userId: "alice" }).`,
    });
  }
  return scope;
}

/** Validates an optional scope for by-id methods: null when none was given. */
export function optionalScope(scope: Partial<Record<string, unknown>> | undefined): Scope | null {
  const picked = pickScope(scope, "scope");
  return hasScope(picked) ? picked : null;
}

/** True when the scope names at least one identity. */
export function hasScope(scope: Scope | null | undefined): scope is Scope {
  return !!scope && scopeFields.some((field) => scope[field] !== undefined);
}

/** True when `record` belongs to `scope` (null matches everything: only by-id calls without a scope). */
export function matchesScope(record: Scope, scope: Scope | null): boolean {
  if (scope === null) return true;
  for (const field of scopeFields) {
    const wanted = scope[field];
    if (wanted !== undefined && record[field] !== wanted) return false;
  }
  return true;
}

/** True when two scopes name exactly the same identities. */
export function sameScope(a: Scope, b: Scope): boolean {
  return scopeFields.every((field) => (a[field] ?? undefined) === (b[field] ?? undefined));
}

/** Refuses metadata that tries to set scope fields; returns a shallow copy. */
export function checkMetadata(metadata: unknown, argument = "options.metadata"): Metadata {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    throw new InvalidArgumentError({ argument, message: "expected a plain object of JSON values." });
  }
  for (const key of Object.keys(metadata)) {
    if (reservedMetadataKeys.has(key)) {
      throw new InvalidArgumentError({
        argument: `${argument}.${key}`,
        message: `"${key}" is a scope field and cannot be set through metadata; pass the scope as options.userId / agentId / runId instead.`,
      });
    }
  }
  try {
    return JSON.parse(JSON.stringify(metadata)) as Metadata;
  } catch (cause) {
    throw new InvalidArgumentError({ argument, message: "metadata must be JSON-serialisable.", cause });
  }
}
