// Entry "@engram/store-chroma": the Chroma-backed MemoryStore.
export { createChromaStore, type ChromaMemoryStore, type ChromaRecoverOptions } from "./chroma-store.js";
export type {
  ChromaStoreOptions,
  ChromaStoreLimits,
  ChromaJournalOptions,
  ChromaSearchCacheOptions,
  ChromaWriteStep,
} from "./chroma-store-options.js";
export type { RecoveryResult } from "./batch-writer.js";
