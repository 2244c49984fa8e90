import type { ConsolidateOptions, MaintainOptions, PurgeExpiredOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import {
  consolidateBodySchema,
  maintainBodySchema,
  purgeBodySchema,
} from "../schemas/maintenance-schemas.js";
import {
  consolidationReportSchema,
  maintainReportSchema,
  purgeResultSchema,
} from "../schemas/result-schemas.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const purgeRoute = createRoute({
  method: "post",
  path: "/v1/purge-expired",
  tags: ["lifecycle"],
  summary: "Forget a scope's expired memories (memory.purgeExpired)",
  security: apiKeySecurity,
  request: { body: jsonBody(purgeBodySchema) },
  responses: jsonResponses(purgeResultSchema, "How many were forgotten."),
});

const maintainRoute = createRoute({
  method: "post",
  path: "/v1/maintain",
  tags: ["lifecycle"],
  summary: "One maintenance run: consolidate, archive, purge; dryRun plans only (memory.maintain)",
  security: apiKeySecurity,
  request: { body: jsonBody(maintainBodySchema) },
  responses: jsonResponses(maintainReportSchema, "What was (or would be) done."),
});

const consolidateRoute = createRoute({
  method: "post",
  path: "/v1/consolidate",
  tags: ["lifecycle"],
  summary: "Merge, supersede, summarise, expire and archive; dryRun plans only (memory.consolidate)",
  security: apiKeySecurity,
  request: { body: jsonBody(consolidateBodySchema) },
  responses: jsonResponses(consolidationReportSchema, "The steps planned and applied."),
});

/** A dry run changes nothing, so read-only keys may ask for one. */
function accessOf(options: { dryRun?: unknown }): "read" | "write" {
  return options.dryRun === true ? "read" : "write";
}

/** Registers purgeExpired, maintain and consolidate. */
export function registerMaintenanceRoutes(app: ServerApp): void {
  app.openapi(purgeRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("json"), "write");
    return c.json(await c.get("memory").purgeExpired(scoped as PurgeExpiredOptions), 200);
  });

  app.openapi(maintainRoute, async (c) => {
    const options = c.req.valid("json");
    const scoped = applyKeyScope(c.get("key"), options, accessOf(options));
    return c.json(await c.get("memory").maintain(scoped as MaintainOptions), 200);
  });

  app.openapi(consolidateRoute, async (c) => {
    const options = c.req.valid("json");
    const scoped = applyKeyScope(c.get("key"), options, accessOf(options));
    return c.json(await c.get("memory").consolidate(scoped as ConsolidateOptions), 200);
  });
}
