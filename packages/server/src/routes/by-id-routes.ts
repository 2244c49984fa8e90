import type { DeleteOptions, FeedbackInput, ReadOptions, UpdateInput, WriteOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { idParams, ifMatchHeaders } from "../schemas/common-schemas.js";
import { deletedSchema, memoryItemSchema } from "../schemas/memory-schemas.js";
import { historyQuerySchema } from "../schemas/read-schemas.js";
import { feedbackResultSchema, historyResultSchema } from "../schemas/result-schemas.js";
import { deleteQuerySchema, feedbackBodySchema, updateBodySchema } from "../schemas/write-schemas.js";
import { etagOf, withExpectedVersion } from "./expected-version.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const updateRoute = createRoute({
  method: "patch",
  path: "/v1/memories/{id}",
  tags: ["memories"],
  summary: "Change a memory's text, metadata, type, expiry or importance (memory.update)",
  description:
    'Send `If-Match: "<version>"` (or `expectedVersion`) to get 409 instead of overwriting a newer change.',
  security: apiKeySecurity,
  request: { params: idParams, headers: ifMatchHeaders, body: jsonBody(updateBodySchema) },
  responses: jsonResponses(memoryItemSchema, "The memory after the change."),
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/memories/{id}",
  tags: ["memories"],
  summary: "Forget one memory (memory.delete); history keeps content-free entries",
  security: apiKeySecurity,
  request: { params: idParams, headers: ifMatchHeaders, query: deleteQuerySchema },
  responses: jsonResponses(deletedSchema, "The memory was forgotten."),
});

const historyRoute = createRoute({
  method: "get",
  path: "/v1/memories/{id}/history",
  tags: ["memories"],
  summary: "A memory's audit trail, oldest first (memory.history)",
  security: apiKeySecurity,
  request: { params: idParams, query: historyQuerySchema },
  responses: jsonResponses(historyResultSchema, "The history entries."),
});

const feedbackRoute = createRoute({
  method: "post",
  path: "/v1/memories/{id}/feedback",
  tags: ["memories"],
  summary: "Record whether a memory helped, with an optional correction (memory.feedback)",
  security: apiKeySecurity,
  request: { params: idParams, headers: ifMatchHeaders, body: jsonBody(feedbackBodySchema) },
  responses: jsonResponses(feedbackResultSchema, "The memory and the correction's id."),
});

const changeKeys = new Set(["memory", "metadata", "type", "expiresAt", "importance"]);

/** Splits an update body into the changes and the options (unknown keys go to the options, where core refuses them). */
function splitUpdate(body: Record<string, unknown>): {
  changes: UpdateInput;
  options: Record<string, unknown>;
} {
  const changes: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) (changeKeys.has(key) ? changes : options)[key] = value;
  return { changes: changes as UpdateInput, options };
}

/** Registers update, delete, history and feedback of one memory. */
export function registerByIdRoutes(app: ServerApp): void {
  app.openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { changes, options } = splitUpdate(c.req.valid("json"));
    const guarded = withExpectedVersion(options, c.req.header("if-match"));
    const scoped = applyKeyScope(c.get("key"), guarded, "write");
    const item = await c.get("memory").update(id, changes, scoped as unknown as WriteOptions);
    c.header("ETag", etagOf(item));
    return c.json(item, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid("param");
    const guarded = withExpectedVersion(c.req.valid("query"), c.req.header("if-match"));
    const scoped = applyKeyScope(c.get("key"), guarded, "write");
    return c.json(await c.get("memory").delete(id, scoped as DeleteOptions), 200);
  });

  app.openapi(historyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    return c.json({ results: await c.get("memory").history(id, scoped as ReadOptions) }, 200);
  });

  app.openapi(feedbackRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { helpful, note, correction, ...options } = c.req.valid("json");
    const input: FeedbackInput = {
      helpful,
      ...(note !== undefined ? { note } : {}),
      ...(correction !== undefined ? { correction } : {}),
    };
    const guarded = withExpectedVersion(options, c.req.header("if-match"));
    const scoped = applyKeyScope(c.get("key"), guarded, "write");
    return c.json(await c.get("memory").feedback(id, input, scoped as DeleteOptions), 200);
  });
}
