import { createRoute, z } from "@hono/zod-openapi";
import { version } from "../../package.json";
import type { ServerApp } from "./server-app.js";

const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["server"],
  summary: "Liveness check; needs no API key",
  responses: {
    200: {
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("ok"), version: z.string() }).openapi("Health"),
        },
      },
      description: "The server is up.",
    },
  },
});

/** Registers `GET /v1/health` (unauthenticated: register it before the authentication middleware). */
export function registerHealthRoutes(app: ServerApp): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, version }, 200));
}

/** Serves the OpenAPI 3.1 document of every registered route at `/openapi.json`. */
export function registerOpenApiDocument(app: ServerApp): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "The API key, as `Authorization: Bearer <key>` or Mem0's `Authorization: Token <key>`.",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Engram",
      version,
      description: "Long-term memory for AI agents over HTTP. Every tenant has its own store.",
    },
  });
}
