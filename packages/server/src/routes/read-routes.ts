import type { BuildContextOptions, GetAllOptions, ReadOptions, SearchOptions } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { HttpError } from "../errors/http-error.js";
import { idParams } from "../schemas/common-schemas.js";
import { memoryItemSchema, memoryPageSchema, searchResultSchema } from "../schemas/memory-schemas.js";
import {
  contextBodySchema,
  getQuerySchema,
  listQuerySchema,
  searchBodySchema,
} from "../schemas/read-schemas.js";
import { contextResultSchema } from "../schemas/result-schemas.js";
import { etagOf } from "./expected-version.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const searchRoute = createRoute({
  method: "post",
  path: "/v1/memories/search",
  tags: ["memories"],
  summary: "Search a scope's memories, best first (memory.search)",
  security: apiKeySecurity,
  request: { body: jsonBody(searchBodySchema) },
  responses: jsonResponses(searchResultSchema, "The hits, best first."),
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/memories",
  tags: ["memories"],
  summary: "List a scope's memories, newest first, one page at a time (memory.getAll)",
  security: apiKeySecurity,
  request: { query: listQuerySchema },
  responses: jsonResponses(memoryPageSchema, "One page; pass nextCursor as cursor for the next."),
});

const pendingRoute = createRoute({
  method: "get",
  path: "/v1/memories/pending",
  tags: ["review"],
  summary: "List a scope's memories waiting for review (memory.listPending)",
  security: apiKeySecurity,
  request: { query: listQuerySchema },
  responses: jsonResponses(memoryPageSchema, "One page of pending memories."),
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/memories/{id}",
  tags: ["memories"],
  summary: "Read one memory (memory.get); its ETag is its version",
  security: apiKeySecurity,
  request: { params: idParams, query: getQuerySchema },
  responses: jsonResponses(memoryItemSchema, "The memory."),
});

const contextRoute = createRoute({
  method: "post",
  path: "/v1/context",
  tags: ["memories"],
  summary: "Build a prompt block of relevant memories within a token budget (memory.buildContext)",
  security: apiKeySecurity,
  request: { body: jsonBody(contextBodySchema) },
  responses: jsonResponses(contextResultSchema, "The block and the memories in it."),
});

/** Registers search, list, pending, get by id and buildContext. */
export function registerReadRoutes(app: ServerApp): void {
  app.openapi(searchRoute, async (c) => {
    const { query, ...options } = c.req.valid("json");
    const scoped = applyKeyScope(c.get("key"), options, "read");
    return c.json(await c.get("memory").search(query, scoped as SearchOptions), 200);
  });

  app.openapi(listRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    return c.json(await c.get("memory").getAll(scoped as GetAllOptions), 200);
  });

  // Registered before /v1/memories/{id}, which would otherwise take "pending" for an id.
  app.openapi(pendingRoute, async (c) => {
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    return c.json(await c.get("memory").listPending(scoped as GetAllOptions), 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    const scoped = applyKeyScope(c.get("key"), c.req.valid("query"), "read");
    const item = await c.get("memory").get(id, scoped as ReadOptions);
    if (!item) {
      throw new HttpError({
        status: 404,
        code: "not_found",
        message: `No memory with id "${id}" in the given scope.`,
        details: { memoryId: id },
      });
    }
    c.header("ETag", etagOf(item));
    return c.json(item, 200);
  });

  app.openapi(contextRoute, async (c) => {
    const { query, ...options } = c.req.valid("json");
    const scoped = applyKeyScope(c.get("key"), options, "read");
    return c.json(await c.get("memory").buildContext(query, scoped as BuildContextOptions), 200);
  });
}
