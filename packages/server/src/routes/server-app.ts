import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../server-env.js";

/** The app the route modules register on. */
export type ServerApp = OpenAPIHono<ServerEnv>;
