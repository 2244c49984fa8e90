// Entry "@engram/llamaindex": Engram memory for LlamaIndex.TS agents.
export {
  EngramMemoryBlock,
  type EngramMemoryBlockOptions,
  type BlockContextOptions,
  type BlockAddOptions,
} from "./engram-memory-block.js";
export {
  createEngramMemory,
  EngramChatMemory,
  type CreateEngramMemoryOptions,
  type WriteBackErrorEvent,
} from "./create-engram-memory.js";
export { engramTools, type EngramToolsOptions, type EngramToolsSettings } from "./engram-tools.js";
