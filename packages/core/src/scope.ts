import { InvalidArgumentError } from "./errors/index.js";
import type { Metadata, Scope, ScopeSelector } from "./types.js";
import { plainObjectKeys, wellFormedValue } from "./validate/well-formed.js";

/** The three scope fields, in a fixed order. */
export const scopeFields = ["userId", "agentId", "runId"] as const;

/** The longest scope id accepted, in UTF-16 code units. */
export const maxScopeIdLength = 256;

/** Metadata keys that could be confused with scope and are therefore refused. */
const reservedMetadataKeys = new Set(["userId", "agentId", "runId", "user_id", "agent_id", "run_id"]);

/** Keys people write for a scope field, mapped to the field they meant. */
const scopeMisspellings: Record<string, (typeof scopeFields)[number]> = {
  user_id: "userId",
  userID: "userId",
  userid: "userId",
  UserId: "userId",
  user: "userId",
  uid: "userId",
  agent_id: "agentId",
  agentID: "agentId",
  agentid: "agentId",
  AgentId: "agentId",
  agent: "agentId",
  run_id: "runId",
  runID: "runId",
  runid: "runId",
  RunId: "runId",
  run: "runId",
  session_id: "runId",
  sessionId: "runId",
  thread_id: "runId",
  threadId: "runId",
};

/** The scope field a misspelt key probably meant, if any. */
export function scopeFieldMeant(key: string): string | undefined {
  return Object.hasOwn(scopeMisspellings, key) ? scopeMisspellings[key] : undefined;
}

/**
 * Checks one scope id: a non-empty, well-formed string without control characters or surrounding spaces, at
 * most `maxScopeIdLength` long. Ids are compared exactly, so anything that could be stored differently from what
 * was given (a lone surrogate becomes U+FFFD on disk) or read as the same id is refused, never repaired.
 */
export function checkScopeId(value: unknown, argument: string): string {
  if (typeof value !== "string" || value.length === 0) {
    const shown = typeof value === "string" ? '""' : value === undefined ? "undefined" : typeof value;
    throw new InvalidArgumentError({
      argument,
      message: `expected a non-empty string, got ${shown}. A scope key that is present must have a value: leave the key out (and name another scope field), never pass undefined or null.`,
    });
  }
  if (value.length > maxScopeIdLength) {
    throw new InvalidArgumentError({
      argument,
      message: `scope ids are at most ${maxScopeIdLength} characters, got ${value.length}; use a shorter id (e.g. a UUID or a hash).`,
    });
  }
  if (!value.isWellFormed()) {
    throw new InvalidArgumentError({
      argument,
      message:
        "the id contains a lone UTF-16 surrogate, so it cannot be stored as given and could collide with another id; pass a well-formed string.",
    });
  }
  if (/\p{Cc}/u.test(value) || value.trim() !== value) {
    throw new InvalidArgumentError({
      argument,
      message:
        "scope ids may not contain control characters or leading/trailing spaces; pass the id exactly.",
    });
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

/**
 * Reads the scope of a call from its options object. Every scope key present must hold a valid id; misspelt
 * scope keys (`user_id`, `userID`, …) are refused with the right name; the result may be empty.
 */
export function pickScope(options: unknown, argument = "options"): Scope {
  if (options === undefined) return {};
  const keys = plainObjectKeys(options, argument, `an options object such as { userId: "alice" }`);
  const record = options as Record<string, unknown>;
  const scope: Scope = {};
  for (const key of keys) {
    const meant = scopeFieldMeant(key);
    if (meant !== undefined) {
      throw new InvalidArgumentError({
        argument: `${argument}.${key}`,
        message: `unknown scope key "${key}": did you mean ${meant}?`,
      });
    }
  }
  for (const field of scopeFields) {
    if (!Object.hasOwn(record, field)) continue;
    scope[field] = checkScopeId(record[field], `${argument}.${field}`);
  }
  return scope;
}

/** Validates that `options` names at least one of userId/agentId/runId and returns that scope. */
export function requireScope(options: unknown, method: string, argument = "options"): Scope {
  if (options === undefined || options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError({
      argument,
      message: `${method}() needs a scope object, got ${describe(options)}: pass at least one of userId, agentId or runId, e.g. memory.${method}(…, { userId: "alice" }).`,
    });
  }
  const scope = pickScope(options, argument);
  if (!hasScope(scope)) {
    throw new InvalidArgumentError({
      argument,
      message: `${method}() needs a scope: pass at least one of userId, agentId or runId, e.g. memory.${method}(…, { userId: "alice" }).`,
    });
  }
  return scope;
}

/**
 * The scope of a by-id call: the scope it names, or null when it says `{ anyScope: true }` (and nothing else of
 * scope). Anything else (no options, an empty scope, `anyScope` with a scope, a malformed value) is refused.
 */
export function byIdScope(options: unknown, method: string): Scope | null {
  if (typeof options === "object" && options !== null && Object.hasOwn(options, "anyScope")) {
    const anyScope = (options as { anyScope?: unknown }).anyScope;
    const scope = pickScope(options, "options");
    if (anyScope !== true || hasScope(scope)) {
      throw new InvalidArgumentError({
        argument: "options.anyScope",
        message:
          "anyScope must be exactly true and comes without userId, agentId or runId; pass a scope instead unless this is maintenance code that really means every scope.",
      });
    }
    return null;
  }
  const scope = requireScope(options, method);
  return scope;
}

/** A checked scope (one that names at least one identity) as the type the public methods take. */
export function asSelector(scope: Scope): ScopeSelector {
  if (!hasScope(scope)) {
    throw new InvalidArgumentError({
      argument: "scope",
      message: "expected a scope naming at least one of userId, agentId or runId.",
    });
  }
  return scope as ScopeSelector;
}

/** True when the scope names at least one identity. */
export function hasScope(scope: Scope | null | undefined): scope is Scope {
  return !!scope && scopeFields.some((field) => scope[field] !== undefined);
}

/** True when `record` belongs to `scope` (null matches everything: only explicit `anyScope` calls). */
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

/** The scope fields of a record (or any object), copied. */
export function scopeOf(record: Scope): Scope {
  const scope: Scope = {};
  for (const field of scopeFields) if (record[field] !== undefined) scope[field] = record[field];
  return scope;
}

/**
 * Refuses metadata that tries to set scope fields or is not plain JSON; returns a deep copy made of plain data
 * only (no toJSON, getters or proxies can change what is checked after the check), with strings made well-formed.
 */
export function checkMetadata(metadata: unknown, argument = "options.metadata"): Metadata {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    throw new InvalidArgumentError({ argument, message: "expected a plain object of JSON values." });
  }
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(metadata));
  } catch (cause) {
    throw new InvalidArgumentError({
      argument,
      message: "metadata must be JSON-serialisable (no BigInt, no cycles).",
      cause,
    });
  }
  if (typeof copy !== "object" || copy === null || Array.isArray(copy)) {
    throw new InvalidArgumentError({ argument, message: "expected a plain object of JSON values." });
  }
  for (const key of Object.keys(copy)) {
    if (reservedMetadataKeys.has(key)) {
      throw new InvalidArgumentError({
        argument: `${argument}.${key}`,
        message: `"${key}" is a scope field and cannot be set through metadata; pass the scope as options.userId / agentId / runId instead.`,
      });
    }
  }
  return wellFormedJson(copy, argument) as Metadata;
}

/** The most metadata one memory may carry, in characters of its JSON (65,536). */
export const maxMetadataLength = 64 * 1024;

function wellFormedJson(value: unknown, argument: string): unknown {
  const length = JSON.stringify(value).length;
  if (length > maxMetadataLength) {
    throw new InvalidArgumentError({
      argument,
      message: `metadata is at most ${maxMetadataLength} characters of JSON, got ${length}; store large data elsewhere and keep a reference.`,
    });
  }
  return wellFormedValue(value);
}
