import type { DeleteOptions } from "@engram/core";
import { createRoute, type z } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { idParams, ifMatchHeaders } from "../schemas/common-schemas.js";
import { deletedSchema, memoryItemSchema } from "../schemas/memory-schemas.js";
import { byIdActionBodySchema } from "../schemas/write-schemas.js";
import { etagOf, withExpectedVersion } from "./expected-version.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

type Action = "archive" | "restore" | "approve" | "reject";

function actionRoute<TSchema extends z.ZodType>(action: Action, summary: string, schema: TSchema) {
  return createRoute({
    method: "post",
    path: `/v1/memories/{id}/${action}`,
    tags: [action === "archive" || action === "restore" ? "lifecycle" : "review"],
    summary,
    security: apiKeySecurity,
    // The body is optional: a key pinned to a user needs to send nothing.
    request: { params: idParams, headers: ifMatchHeaders, body: jsonBody(byIdActionBodySchema, false) },
    responses: jsonResponses(schema, "The memory after the action."),
  });
}

const archiveRoute = actionRoute(
  "archive",
  "Archive a memory: kept, out of default reads (memory.archive)",
  memoryItemSchema,
);
const restoreRoute = actionRoute(
  "restore",
  "Bring an archived memory back (memory.restore)",
  memoryItemSchema,
);
const approveRoute = actionRoute(
  "approve",
  "Approve a memory held for review (memory.approve)",
  memoryItemSchema,
);
const rejectRoute = actionRoute(
  "reject",
  "Reject (forget) a memory held for review (memory.reject)",
  deletedSchema,
);

/** Registers archive, restore, approve and reject of one memory. */
export function registerReviewRoutes(app: ServerApp): void {
  const itemActions = [
    [archiveRoute, "archive"],
    [restoreRoute, "restore"],
    [approveRoute, "approve"],
  ] as const;
  for (const [route, action] of itemActions) {
    app.openapi(route, async (c) => {
      const { id } = c.req.valid("param");
      const guarded = withExpectedVersion(c.req.valid("json"), c.req.header("if-match"));
      const scoped = applyKeyScope(c.get("key"), guarded, "write");
      const item = await c.get("memory")[action](id, scoped as DeleteOptions);
      c.header("ETag", etagOf(item));
      return c.json(item, 200);
    });
  }

  app.openapi(rejectRoute, async (c) => {
    const { id } = c.req.valid("param");
    const guarded = withExpectedVersion(c.req.valid("json"), c.req.header("if-match"));
    const scoped = applyKeyScope(c.get("key"), guarded, "write");
    return c.json(await c.get("memory").reject(id, scoped as DeleteOptions), 200);
  });
}
