// Entry "@engram/provider-openai": an Engram chat model and embedder for OpenAI and OpenAI-compatible servers.
export {
  createOpenAIChatModel,
  type OpenAIChatModelOptions,
  type StructuredOutputMode,
} from "./openai-chat-model.js";
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai-embedder.js";
export type { OpenAIClientOptions } from "./client-options.js";
