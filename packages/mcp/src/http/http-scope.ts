import { checkScopeId, EngramError, InvalidArgumentError } from "@engram/core";
import type { McpScope } from "../scope/mcp-scope.js";

/** The headers that name the scope for a key that is not pinned to one: set them in the MCP client's config. */
export const scopeHeaders = {
  userId: "x-engram-user-id",
  agentId: "x-engram-agent-id",
  runId: "x-engram-run-id",
} as const;

/** What the mount reads of an authenticated API key. */
export interface KeyPins {
  /** The user the key is pinned to, if any. */
  userId?: string;
  /** The agent the key is pinned to, if any. */
  agentId?: string;
}

/** A header naming another user or agent than the key is pinned to. */
export class ScopeForbiddenError extends EngramError {
  /** The scope field the header tried to change. */
  readonly argument: string;

  constructor(field: keyof KeyPins) {
    super({
      message: `This API key is pinned to its own ${field}; leave the ${scopeHeaders[field]} header out or send the key's own.`,
    });
    this.name = "ScopeForbiddenError";
    this.argument = field;
  }
}

/**
 * The scope of one MCP request: the key's pins, plus what the scope headers add where the key pins nothing. A header
 * that contradicts a pin is refused (`ScopeForbiddenError`); a key pinned to nothing must send a user or agent
 * header, or the request is refused (`InvalidArgumentError`), so no request runs without a scope.
 */
export function requestScope(key: KeyPins, header: (name: string) => string | undefined): McpScope {
  const scope: McpScope = {};
  for (const field of ["userId", "agentId", "runId"] as const) {
    const sent = header(scopeHeaders[field]);
    const pinned = field === "runId" ? undefined : key[field];
    if (pinned !== undefined && sent !== undefined && sent !== pinned)
      throw new ScopeForbiddenError(field as keyof KeyPins);
    if (pinned !== undefined) scope[field] = pinned;
    else if (sent !== undefined) scope[field] = checkScopeId(sent, scopeHeaders[field]);
  }
  if (scope.userId === undefined && scope.agentId === undefined) {
    throw new InvalidArgumentError({
      argument: scopeHeaders.userId,
      message: `this API key is not pinned to a user or agent: send the ${scopeHeaders.userId} (or ${scopeHeaders.agentId}) header from the MCP client's config, or use a key pinned to one user.`,
    });
  }
  return scope;
}
