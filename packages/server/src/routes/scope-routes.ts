import type { AccessLogOptions, ScopeSelector, ScopeWriteOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { accessLogQuerySchema, exportQuerySchema } from "../schemas/read-schemas.js";
import { accessLogPageSchema, deleteAllResultSchema, exportResultSchema } from "../schemas/result-schemas.js";
import { deleteAllQuerySchema } from "../schemas/write-schemas.js";
import { apiKeySecurity, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const deleteAllRoute = createRoute({
  method: "delete",
  path: "/v1/memories",
  tags: ["scope"],
  summary: "Forget every memory of a scope and erase its history content (memory.deleteAll)",
  security: apiKeySecurity,
  request: { query: deleteAllQuerySchema },
  responses: jsonResponses(deleteAllResultSchema, "How many memories were forgotten."),
});

const exportRoute = createRoute({
  method: "get",
  path: "/v1/export",
  tags: ["scope"],
  summary: "Everything held about a scope: memories and history (memory.export)",
  security: apiKeySecurity,
  request: { query: exportQuerySchema },
  responses: jsonResponses(exportResultSchema, "The export."),
});

const accessLogRoute = createRoute({
  method: "get",
  path: "/v1/access-log",
  tags: ["scope"],
  summary: "Who read which memories of a scope, oldest first (memory.accessLog)",
  security: apiKeySecurity,
  request: { query: accessLogQuerySchema },
  responses: jsonResponses(accessLogPageSchema, "One page of the access log."),
});

const accessLogKeys = new Set(["since", "limit", "cursor"]);

/** Registers deleteAll, export and the access log of a scope. */
export function registerScopeRoutes(app: ServerApp): void {
  app.openapi(deleteAllRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "write");
    return c.json(await c.get("memory").deleteAll(scoped as ScopeWriteOptions), 200);
  });

  app.openapi(exportRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    return c.json(await c.get("memory").export(scoped as ScopeSelector), 200);
  });

  app.openapi(accessLogRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    // Unknown parameters stay with the scope, where core refuses them.
    const scope: Record<string, unknown> = {};
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(scoped))
      (accessLogKeys.has(key) ? options : scope)[key] = value;
    return c.json(await c.get("memory").accessLog(scope as ScopeSelector, options as AccessLogOptions), 200);
  });
}
