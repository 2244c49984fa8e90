import type { ServerApp } from "../routes/server-app.js";
import { registerMem0ByIdRoutes } from "./mem0-by-id-routes.js";
import { registerMem0EntitiesRoute } from "./mem0-entities-route.js";
import { registerMem0MemoryRoutes } from "./mem0-memory-routes.js";
import { registerMem0MiscRoutes } from "./mem0-misc-routes.js";

/** Registers the Mem0-compatible routes (snake_case JSON, trailing slashes) that Mem0's clients call. */
export function registerMem0Routes(app: ServerApp): void {
  registerMem0MiscRoutes(app);
  registerMem0EntitiesRoute(app);
  registerMem0MemoryRoutes(app);
  registerMem0ByIdRoutes(app);
}
