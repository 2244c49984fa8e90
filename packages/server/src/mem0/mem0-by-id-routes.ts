import type { UpdateInput } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { HttpError } from "../errors/http-error.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "../routes/route-parts.js";
import type { ServerApp } from "../routes/server-app.js";
import { mem0ByIdOptions } from "./mem0-access.js";
import { checkMem0Keys, unsupported } from "./mem0-errors.js";
import {
  mem0AnswerSchema,
  mem0IdParams,
  mem0ListAnswerSchema,
  mem0UpdateBodySchema,
} from "./mem0-schemas.js";
import { toMem0History, toMem0Memory } from "./mem0-shapes.js";

const tags = ["mem0"];
const path = "/v1/memories/{memory_id}/";

const getRoute = createRoute({
  method: "get",
  path,
  tags,
  summary: "Mem0: read one memory",
  security: apiKeySecurity,
  request: { params: mem0IdParams },
  responses: jsonResponses(mem0AnswerSchema, "The memory."),
});

const updateRoute = createRoute({
  method: "put",
  path,
  tags,
  summary: "Mem0: change a memory's text, metadata or expiration date",
  security: apiKeySecurity,
  request: { params: mem0IdParams, body: jsonBody(mem0UpdateBodySchema) },
  responses: jsonResponses(mem0AnswerSchema, "The memory after the change."),
});

const deleteRoute = createRoute({
  method: "delete",
  path,
  tags,
  summary: "Mem0: delete one memory",
  security: apiKeySecurity,
  request: { params: mem0IdParams },
  responses: jsonResponses(mem0AnswerSchema, "{ message }"),
});

const historyRoute = createRoute({
  method: "get",
  path: "/v1/memories/{memory_id}/history/",
  tags,
  summary: "Mem0: a memory's history",
  security: apiKeySecurity,
  request: { params: mem0IdParams },
  responses: jsonResponses(mem0ListAnswerSchema, "The history entries, oldest first."),
});

/** Registers Mem0's get, update, delete and history of one memory. */
export function registerMem0ByIdRoutes(app: ServerApp): void {
  app.openapi(getRoute, async (c) => {
    const { memory_id: id } = c.req.valid("param");
    const options = mem0ByIdOptions(c.get("key"), "read");
    const item = await c.get("memory").get(id, options);
    if (!item) {
      throw new HttpError({
        status: 404,
        code: "not_found",
        message: `No memory with id "${id}".`,
        details: { memoryId: id },
      });
    }
    return c.json(toMem0Memory(item), 200);
  });

  app.openapi(updateRoute, async (c) => {
    const { memory_id: id } = c.req.valid("param");
    const body = c.req.valid("json");
    checkMem0Keys(body, ["text", "metadata", "expiration_date"], []);
    const changes: UpdateInput = {
      ...(body.text !== undefined ? { memory: body.text } : {}),
      ...(body.metadata ? { metadata: body.metadata as UpdateInput["metadata"] } : {}),
      ...(body.expiration_date !== undefined ? { expiresAt: body.expiration_date } : {}),
    };
    const options = mem0ByIdOptions(c.get("key"), "write");
    const item = await c.get("memory").update(id, changes, options);
    return c.json(toMem0Memory(item), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { memory_id: id } = c.req.valid("param");
    const query = c.req.query();
    if (query.delete_linked === "true") {
      throw unsupported(
        "delete_linked",
        "delete_linked is not supported: superseded memories stay in history.",
      );
    }
    checkMem0Keys(query, ["delete_linked"], []);
    await c.get("memory").delete(id, mem0ByIdOptions(c.get("key"), "write"));
    return c.json({ message: "Memory deleted successfully!" }, 200);
  });

  app.openapi(historyRoute, async (c) => {
    const { memory_id: id } = c.req.valid("param");
    const entries = await c.get("memory").history(id, mem0ByIdOptions(c.get("key"), "read"));
    return c.json(entries.map(toMem0History), 200);
  });
}
