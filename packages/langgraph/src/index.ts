// Entry "@engram/langgraph": Engram as a LangGraph.js BaseStore, plus a node that writes long-term memories.
export { EngramStore, createEngramStore, type EngramStoreOptions } from "./engram-store.js";
export { createMemoryNode, type MemoryNode, type MemoryNodeOptions, type NodeConfig } from "./memory-node.js";
export {
  validateNamespace,
  hasPrefix,
  compareNamespaces,
  type NamespaceScopeMapping,
  type ScopeField,
} from "./namespace.js";
export { metadataKey, memoryToItem, translateFilter, type ItemMetadata } from "./item-codec.js";
export { indexText, textsAtPath } from "./index-paths.js";
export { toChatMessages, lastTurn } from "@engram/langchain/messages";
