// Entry "@engram/langchain": Engram for LangChain.js v1 agents: middleware, memory tools and a retriever.
export {
  createEngramMiddleware,
  type EngramMiddleware,
  type EngramMiddlewareOptions,
  type DefaultContextSchema,
} from "./engram-middleware.js";
export type { MemoryErrorPhase } from "./turn-memory.js";
export { createMemoryTools, type MemoryToolName, type MemoryToolsOptions } from "./memory-tools.js";
export { EngramRetriever, type EngramRetrieverInput, memoryToDocument } from "./engram-retriever.js";
export {
  defaultScope,
  resolveTurnScope,
  type ScopeResolver,
  type ScopeRuntime,
  type TurnScope,
} from "./resolve-scope.js";
export { toChatMessages, lastTurn } from "./to-chat-messages.js";
export { toolCallEvents, type ToolCallEvent } from "./tool-events.js";
