import type { AddEventOptions, AddOptions, AgentEvent, Memory } from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { HttpError } from "../errors/http-error.js";
import { addBodySchema, addEventBodySchema } from "../schemas/add-schemas.js";
import { addResultSchema } from "../schemas/memory-schemas.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "./route-parts.js";
import type { ServerApp } from "./server-app.js";

const addRoute = createRoute({
  method: "post",
  path: "/v1/memories",
  tags: ["memories"],
  summary: "Add messages or text to a scope (memory.add)",
  security: apiKeySecurity,
  request: { body: jsonBody(addBodySchema) },
  responses: jsonResponses(addResultSchema, "What was added, updated, superseded or already known."),
});

const addEventRoute = createRoute({
  method: "post",
  path: "/v1/events",
  tags: ["memories"],
  summary: "Record what an agent did as an episode (memory.addEvent)",
  security: apiKeySecurity,
  request: { body: jsonBody(addEventBodySchema) },
  responses: jsonResponses(addResultSchema, "The episode stored."),
});

type AddContent = Parameters<Memory["add"]>[0];

/** The content of an add: `messages` or `text`, exactly one of them. */
function contentOf(body: { messages?: unknown; text?: unknown }): AddContent {
  if ((body.messages === undefined) === (body.text === undefined)) {
    throw new HttpError({
      status: 400,
      code: "invalid_argument",
      message: 'send either "messages" (chat messages or a string) or "text", not both.',
      details: { argument: "messages" },
    });
  }
  return (body.messages ?? body.text) as AddContent;
}

/** Registers `POST /v1/memories` (add) and `POST /v1/events` (addEvent). */
export function registerAddRoutes(app: ServerApp): void {
  app.openapi(addRoute, async (c) => {
    const { messages, text, ...options } = c.req.valid("json");
    const content = contentOf({ messages, text });
    const scoped = applyKeyScope(c.get("key"), options, "write");
    return c.json(await c.get("memory").add(content, scoped as AddOptions), 200);
  });

  app.openapi(addEventRoute, async (c) => {
    const { event, ...options } = c.req.valid("json");
    const scoped = applyKeyScope(c.get("key"), options, "write");
    return c.json(await c.get("memory").addEvent(event as AgentEvent, scoped as AddEventOptions), 200);
  });
}
