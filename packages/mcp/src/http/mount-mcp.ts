import { EngramError, InvalidArgumentError, type Memory } from "@engram/core";
import type { EngramServer } from "@engram/server";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { createMcpServer } from "../create-mcp-server.js";
import type { McpScope } from "../scope/mcp-scope.js";
import { WriteTracker } from "../writes/write-tracker.js";
import { type KeyPins, requestScope, ScopeForbiddenError } from "./http-scope.js";

/** Options of `mountMcp()`. */
export interface MountMcpOptions {
  /** Where the endpoint lives; it must be under /v1/ so the server's API-key authentication applies. @default "/v1/mcp" */
  path?: string;
  /** Give the tools a `runId` argument that narrows a call to one run (never widens it). @default false */
  allowRunId?: boolean;
  /** Whether `add_memory` extracts facts when the model does not say. @default true */
  infer?: boolean;
  /** The longest a client may wait for background writes, in ms. @default 30000 */
  maxWaitMs?: number;
  /** Told about unexpected errors and failed background writes. @default writes them to stderr */
  onError?: (error: unknown) => void;
}

/** The mounted endpoint. */
export interface McpMount {
  /** The path served. */
  path: string;
  /** Waits for every background write, then stops the handler; call it before `server.close()`. */
  close(): Promise<void>;
}

interface RequestState {
  memory: Memory;
  scope: McpScope;
  readOnly: boolean;
}

function errorBody(code: string, message: string, argument?: string) {
  return { error: { code, message, ...(argument ? { argument } : {}) } };
}

/**
 * Mounts Engram's MCP endpoint (stateless Streamable HTTP) on an `@engram/server` app, before it serves its first
 * request: the API key decides the tenant, the pinned user or agent and whether write tools exist; a key pinned to
 * nothing names the user with the `X-Engram-User-Id` header.
 * @example
 * const server = createServer(loadServerConfig());
 * const mcp = mountMcp(server.app);
 * await server.listen(8080); // MCP clients POST to http://127.0.0.1:8080/v1/mcp
 */
export function mountMcp(app: EngramServer["app"], options: MountMcpOptions = {}): McpMount {
  const path = options.path ?? "/v1/mcp";
  if (!/^\/v1\/[A-Za-z0-9/_-]+$/.test(path)) {
    throw new InvalidArgumentError({
      argument: "options.path",
      message: `expected a path under /v1/ (where API keys are checked), e.g. "/v1/mcp", got ${JSON.stringify(path)}.`,
    });
  }
  const onError = options.onError ?? ((error: unknown) => console.error("[engram] [mcp]", error));
  const trackers = new Map<Memory, WriteTracker>();
  const trackerOf = (memory: Memory): WriteTracker => {
    let tracker = trackers.get(memory);
    if (!tracker) {
      tracker = new WriteTracker({ onError });
      trackers.set(memory, tracker);
    }
    return tracker;
  };
  const handler = createMcpHandler(
    ({ authInfo }) => {
      const state = authInfo?.extra?.engram as RequestState;
      return createMcpServer({
        memory: state.memory,
        scope: state.scope,
        readOnly: state.readOnly,
        writes: trackerOf(state.memory),
        onError,
        ...(options.allowRunId !== undefined ? { allowRunId: options.allowRunId } : {}),
        ...(options.infer !== undefined ? { infer: options.infer } : {}),
        ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
      });
    },
    { onerror: onError },
  );
  app.on(["GET", "POST", "DELETE"], path, async (c) => {
    const key = c.get("key") as KeyPins & { readOnly: boolean; name: string };
    let scope: McpScope;
    try {
      scope = requestScope(key, (name) => c.req.header(name));
    } catch (error) {
      if (error instanceof ScopeForbiddenError)
        return c.json(errorBody("forbidden", error.message, error.argument), 403);
      if (EngramError.isInstance(error) && InvalidArgumentError.isInstance(error)) {
        return c.json(errorBody("invalid_argument", error.message, error.argument), 400);
      }
      throw error;
    }
    let parsedBody: unknown;
    if (c.req.method === "POST") {
      try {
        // Read through hono: the server's body limit may already have consumed the stream into its cache.
        parsedBody = await c.req.json();
      } catch {
        return c.json(
          {
            jsonrpc: "2.0",
            id: null,
            error: { code: -32700, message: "Parse error: the body is not JSON." },
          },
          400,
        );
      }
    }
    const state: RequestState = { memory: c.get("memory"), scope, readOnly: key.readOnly };
    return handler.fetch(c.req.raw, {
      ...(parsedBody !== undefined ? { parsedBody } : {}),
      authInfo: {
        token: "",
        clientId: key.name,
        scopes: key.readOnly ? ["read"] : ["read", "write"],
        extra: { engram: state },
      },
    });
  });
  return {
    path,
    async close() {
      await Promise.all([...trackers.values()].map((tracker) => tracker.flush()));
      await handler.close();
    },
  };
}
