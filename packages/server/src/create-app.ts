import { OpenAPIHono } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { KeyTable } from "./auth/key-table.js";
import { toErrorResponse } from "./errors/error-response.js";
import { validationError } from "./errors/validation-error.js";
import { authenticate } from "./middleware/authenticate.js";
import { limitBody } from "./middleware/body-limit.js";
import { type RequestLogger, requestLog } from "./middleware/request-log.js";
import { registerAddRoutes } from "./routes/add-routes.js";
import { registerByIdRoutes } from "./routes/by-id-routes.js";
import { registerHealthRoutes, registerOpenApiDocument } from "./routes/health-routes.js";
import { registerMaintenanceRoutes } from "./routes/maintenance-routes.js";
import { registerMem0Routes } from "./mem0/register-mem0-routes.js";
import { registerReadRoutes } from "./routes/read-routes.js";
import { registerReviewRoutes } from "./routes/review-routes.js";
import { registerScopeRoutes } from "./routes/scope-routes.js";
import { registerScopesRoute } from "./routes/scopes-route.js";
import type { ServerApp } from "./routes/server-app.js";
import type { ServerEnv } from "./server-env.js";
import type { TenantRegistry } from "./tenants/tenant-registry.js";

/** What the app is built from. */
export interface AppParts {
  /** The configured keys. */
  keys: KeyTable;
  /** The tenants' memories. */
  tenants: TenantRegistry;
  /** The largest body accepted, in bytes. */
  bodyLimit: number;
  /** The request logger, if any. */
  logger?: RequestLogger;
  /** Serve the Mem0-compatible routes too. */
  mem0: boolean;
}

/** Builds the Hono app: logging, errors, health and OpenAPI (public), then authentication, body limit and routes. */
export function createApp(parts: AppParts): ServerApp {
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  if (parts.logger) app.use("*", requestLog(parts.logger));
  app.onError((error, c) => {
    const answer = toErrorResponse(error);
    if (answer.internal) c.set("failure", error);
    return c.json(answer.body, answer.status as ContentfulStatusCode);
  });
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `No route ${c.req.method} ${c.req.path}.` } }, 404),
  );
  // Registered before the authentication middleware: these answer without a key.
  registerHealthRoutes(app);
  registerOpenApiDocument(app);
  for (const prefix of ["/v1/*", "/v2/*", "/v3/*"]) {
    app.use(prefix, authenticate(parts.keys, parts.tenants));
    app.use(prefix, limitBody(parts.bodyLimit));
  }
  registerAddRoutes(app);
  registerReadRoutes(app);
  registerByIdRoutes(app);
  registerReviewRoutes(app);
  registerScopeRoutes(app);
  registerScopesRoute(app);
  registerMaintenanceRoutes(app);
  if (parts.mem0) registerMem0Routes(app);
  return app;
}
