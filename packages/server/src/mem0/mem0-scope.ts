import type { Scope } from "@engram/core";
import { unsupported } from "./mem0-errors.js";

/** Mem0's entity parameters and the Engram scope field each one is. */
export const mem0Entities = {
  user_id: "userId",
  agent_id: "agentId",
  run_id: "runId",
  session_id: "runId",
} as const;

/** The entity keys of Mem0 requests, including `app_id`, which Engram has no scope for. */
export const mem0EntityKeys = [...Object.keys(mem0Entities), "app_id"];

/** Mem0's entity types in `/v2/entities/{type}/{name}/`, as Engram scope fields. */
export const mem0EntityTypes: Record<string, keyof Scope> = {
  user: "userId",
  agent: "agentId",
  run: "runId",
};

/** Refuses `app_id`: Engram scopes are a user, an agent and a run. */
export function refuseAppId(value: unknown, argument = "app_id"): void {
  if (value !== undefined && value !== null && value !== "*") {
    throw unsupported(
      argument,
      "app_id is not supported: Engram scopes memories by user_id, agent_id and run_id; use one of them (or a separate tenant per app).",
    );
  }
}

/** The Engram scope named by a Mem0 request's top-level entity parameters (`"*"` and null name nothing). */
export function scopeFromEntities(body: Record<string, unknown>): Scope {
  refuseAppId(body.app_id);
  const scope: Scope = {};
  for (const [key, field] of Object.entries(mem0Entities)) {
    const value = body[key];
    if (value === undefined || value === null || value === "*") continue;
    if (typeof value !== "string") throw unsupported(key, `${key} must be a string.`);
    if (scope[field] !== undefined && scope[field] !== value)
      throw unsupported(key, `${key} disagrees with another entity parameter naming the run.`);
    scope[field] = value;
  }
  return scope;
}
