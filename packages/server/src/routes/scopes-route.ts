import type { ScopesOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { scopesPageSchema, scopesQuerySchema } from "../schemas/scopes-schemas.js";
import { apiKeySecurity, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const scopesRoute = createRoute({
  method: "get",
  path: "/v1/scopes",
  tags: ["scope"],
  summary:
    "Every user/agent/run combination with memory counts by state (memory.scopes); filter by scope fields",
  security: apiKeySecurity,
  request: { query: scopesQuerySchema },
  responses: jsonResponses(scopesPageSchema, "One page of scopes."),
});

const pageKeys = new Set(["limit", "cursor"]);

/** Registers `GET /v1/scopes`; a key pinned to a user or agent lists only that user's or agent's scopes. */
export function registerScopesRoute(app: ServerApp): void {
  app.openapi(scopesRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    // Unknown parameters stay in the filter, where core refuses them.
    const filter: Record<string, unknown> = {};
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(scoped))
      if (value !== undefined) (pageKeys.has(key) ? options : filter)[key] = value;
    return c.json(await c.get("memory").scopes({ ...options, filter } as ScopesOptions), 200);
  });
}
