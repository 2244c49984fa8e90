import type { ScopeWriteOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "../routes/route-parts.js";
import type { ServerApp } from "../routes/server-app.js";
import { mem0ByIdOptions } from "./mem0-access.js";
import { checkMem0Keys, unsupported } from "./mem0-errors.js";
import {
  mem0AnswerSchema,
  mem0BatchBodySchema,
  mem0EntityParams,
  mem0FeedbackBodySchema,
} from "./mem0-schemas.js";
import { mem0EntityTypes } from "./mem0-scope.js";

const tags = ["mem0"];

const pingRoute = createRoute({
  method: "get",
  path: "/v1/ping/",
  tags,
  summary: "Mem0: check the key; org_id and project_id are the tenant",
  security: apiKeySecurity,
  responses: jsonResponses(mem0AnswerSchema, "{ status: 'ok', org_id, project_id, user_email }"),
});

const entityPaths = [
  "/v2/entities/{entity_type}/{entity_id}/",
  "/v1/entities/{entity_type}/{entity_id}/",
] as const;
const deleteEntityRoute = (path: (typeof entityPaths)[number]) =>
  createRoute({
    method: "delete",
    path,
    tags,
    summary: "Mem0: delete a user, agent or run with all its memories",
    security: apiKeySecurity,
    request: { params: mem0EntityParams },
    responses: jsonResponses(mem0AnswerSchema, "{ message }"),
  });

const feedbackRoute = createRoute({
  method: "post",
  path: "/v1/feedback/",
  tags,
  summary: "Mem0: feedback on a memory (POSITIVE raises its importance, NEGATIVE lowers it)",
  security: apiKeySecurity,
  request: { body: jsonBody(mem0FeedbackBodySchema) },
  responses: jsonResponses(mem0AnswerSchema, "{ message, memory_id, feedback, feedback_reason }"),
});

const batchRoute = (method: "put" | "delete") =>
  createRoute({
    method,
    path: "/v1/batch/",
    tags,
    summary: `Mem0: ${method === "put" ? "update" : "delete"} up to 1000 memories (one write each, in order)`,
    security: apiKeySecurity,
    request: { body: jsonBody(mem0BatchBodySchema) },
    responses: jsonResponses(mem0AnswerSchema, "{ message }"),
  });

/** Registers Mem0's ping, entity delete, feedback and batch routes. */
export function registerMem0MiscRoutes(app: ServerApp): void {
  app.openapi(pingRoute, (c) => {
    const { tenant } = c.get("key");
    return c.json({ status: "ok", org_id: tenant, project_id: tenant, user_email: null }, 200);
  });

  for (const path of entityPaths) {
    app.openapi(deleteEntityRoute(path), async (c) => {
      const { entity_type: type, entity_id: id } = c.req.valid("param");
      const field = mem0EntityTypes[type];
      if (!field)
        throw unsupported("entity_type", `entity type "${type}" is not supported: use user, agent or run.`);
      const scoped = applyKeyScope(c.get("key"), { [field]: id }, "write");
      await c.get("memory").deleteAll(scoped as ScopeWriteOptions);
      return c.json({ message: "Entity deleted successfully." }, 200);
    });
  }

  app.openapi(feedbackRoute, async (c) => {
    const body = c.req.valid("json");
    checkMem0Keys(body, ["memory_id", "feedback", "feedback_reason"], []);
    if (!body.feedback)
      throw unsupported("feedback", "feedback must be POSITIVE, NEGATIVE or VERY_NEGATIVE.");
    const options = mem0ByIdOptions(c.get("key"), "write");
    const input = {
      helpful: body.feedback === "POSITIVE",
      ...(body.feedback_reason ? { note: body.feedback_reason } : {}),
    };
    await c.get("memory").feedback(body.memory_id, input, options);
    return c.json(
      {
        message: "Feedback recorded successfully.",
        memory_id: body.memory_id,
        feedback: body.feedback,
        feedback_reason: body.feedback_reason ?? null,
      },
      200,
    );
  });

  app.openapi(batchRoute("put"), async (c) => {
    const { memories } = c.req.valid("json");
    const options = mem0ByIdOptions(c.get("key"), "write");
    for (const [index, item] of memories.entries()) {
      checkMem0Keys(item, ["memory_id", "text"], []);
      if (item.text === undefined) throw unsupported(`memories.${index}.text`, "each update needs a text.");
    }
    for (const item of memories)
      await c.get("memory").update(item.memory_id, { memory: item.text! }, options);
    return c.json({ message: `Successfully updated ${memories.length} memories` }, 200);
  });

  app.openapi(batchRoute("delete"), async (c) => {
    const { memories } = c.req.valid("json");
    const options = mem0ByIdOptions(c.get("key"), "write");
    for (const item of memories) checkMem0Keys(item, ["memory_id"], []);
    for (const item of memories) await c.get("memory").delete(item.memory_id, options);
    return c.json({ message: `Successfully deleted ${memories.length} memories` }, 200);
  });
}
