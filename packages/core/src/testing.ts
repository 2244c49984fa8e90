// Entry "@engram/core/testing": the store conformance suite and test helpers (needs vitest).
export { runMemoryStoreTests } from "./testing/run-memory-store-tests.js";
export {
  type MemoryStoreTestOptions,
  conformanceEmbedder,
  makeRecord,
  makeHistory,
  queryFor,
  listAll,
} from "./testing/conformance-context.js";
export { conformanceFilters } from "./testing/filter-tests.js";
export {
  MockChatModel,
  type MockChatModelOptions,
  type MockChatModelAnswer,
  type MockChatModelGenerate,
} from "./models/mock-chat-model.js";
