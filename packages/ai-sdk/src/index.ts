// Entry "@engram/ai-sdk": Engram memory for the Vercel AI SDK.
export { engramMiddleware, type EngramMiddleware } from "./engram-middleware.js";
export type {
  EngramMiddlewareOptions,
  EngramMiddlewareErrorEvent,
  EngramMiddlewareErrorPhase,
  MiddlewareContextOptions,
  MiddlewareAddOptions,
  ScopeResolver,
} from "./middleware-options.js";
export {
  engramTools,
  type EngramTools,
  type EngramToolsOptions,
  type EngramToolsSettings,
} from "./engram-tools.js";
