import type { ByIdScope } from "@engram/core";
import type { ApiKey } from "../auth/api-key.js";
import { type AccessKind, applyKeyScope } from "../auth/key-scope.js";

/**
 * The options of a Mem0 by-id call: Mem0 ids are project-wide, so a key that is not pinned reaches any scope of its
 * tenant (`anyScope`), and a pinned key only its own user or agent.
 */
export function mem0ByIdOptions(key: ApiKey, access: AccessKind): ByIdScope {
  const pinned = key.userId !== undefined || key.agentId !== undefined;
  return applyKeyScope(key, pinned ? {} : { anyScope: true }, access) as ByIdScope;
}
