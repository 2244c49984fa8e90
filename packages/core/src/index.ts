// Entry "@engram/core": the memory model, the Memory API, retrieval, the store and embedder interfaces.
export { Memory } from "./memory/memory.js";
export type {
  MemoryOptions,
  ScopeOptions,
  AddOptions,
  AddResult,
  AddResultItem,
  NearDuplicateMatch,
  SearchOptions,
  SearchResult,
  GetAllOptions,
  GetAllResult,
  UpdateInput,
  WriteOptions,
  MemoryExport,
  ByIdScope,
  AddSettings,
  SearchSettings,
  GetAllSettings,
  ReadOptions,
  DeleteOptions,
  DeleteSettings,
  UpdateSettings,
  ScopeWriteOptions,
  AccessLogOptions,
} from "./memory/memory-options.js";
export type { DeleteAllResult } from "./memory/scope-operations.js";
export type { ScopesOptions } from "./memory/scopes.js";
export type {
  ImportData,
  ImportOptions,
  ImportProgress,
  ImportResult,
} from "./memory/import/import-options.js";
export {
  type ExportHeaderLine,
  type MemoryExportLine,
  exportFormat,
  exportFormatVersion,
  exportLines,
} from "./memory/import/export-lines.js";
export { parseExportLine } from "./memory/import/parse-export-line.js";
export { type StateCounts, emptyCounts } from "./store/scope-counts.js";
export { embedderMetaKey } from "./memory/embedder-check.js";
export type {
  PurgeExpiredOptions,
  PurgeExpiredResult,
  PurgeExpiredSettings,
} from "./memory/purge-expired.js";
export type { ArchivePolicy, LifecycleOptions, TtlPolicy } from "./memory/lifecycle-options.js";
export type { MaintainOptions, MaintainReport, MaintainSettings } from "./memory/maintain.js";
export type {
  ConsolidateOptions,
  ConsolidateSettings,
  ConsolidationModelUse,
  ConsolidationOp,
  ConsolidationPolicy,
  ConsolidationReport,
  ConsolidationStep,
  SummarizePolicy,
} from "./consolidation/consolidation-options.js";
export {
  type MaintenanceSchedule,
  type ScheduleMaintenanceOptions,
  scheduleMaintenance,
} from "./memory/schedule-maintenance.js";
export {
  checkMaintenanceTriggerOptions,
  createMaintenanceTrigger,
  type MaintenanceTrigger,
  type MaintenanceTriggerOptions,
  type WriteBackOptIns,
  writeBackOptIns,
} from "./memory/maintenance-trigger.js";
export type { FeedbackInput, FeedbackResult } from "./memory/by-id-writes.js";
export type { AddEventOptions, AgentEvent } from "./memory/add-event.js";
export { estimateImportance } from "./extraction/estimate-importance.js";
export {
  type ReconciliationMode,
  reconciliationScope,
  uniqueKeyPrefix,
  uniqueKeyOf,
} from "./memory/unique-key.js";
export { checkWriteBatch, type BatchLookup, type StoredVersion } from "./store/check-batch.js";
export { HistoryLog, erasedEntry, pageBySequence, decodeSequenceCursor } from "./store/history-log.js";
export {
  checkKnownKeys,
  checkWellFormedText,
  maxMemoryTextLength,
  maxMessageLength,
} from "./validate/well-formed.js";
export { checkDate, earliestAcceptedDate, latestAcceptedDate } from "./validate/check-date.js";
export { maxQueryLength, queryTail } from "./memory/search-memories.js";
export { maxDurationMs } from "./memory/lifecycle-options.js";
export {
  defaultEmbedderTimeoutMs,
  defaultLlmTimeoutMs,
  maxTimeoutMs,
  withModelTimeout,
} from "./models/with-timeout.js";
export type { MemoryContext } from "./memory/memory-context.js";
export type {
  ChatModel,
  ChatModelMessage,
  ChatModelRequest,
  ChatModelResponseFormat,
  ChatModelResult,
  ChatModelUsage,
} from "./models/chat-model.js";
export { defaultMaxOperations } from "./extraction/extraction-options.js";
export type {
  ExtractionOptions,
  MemoryTypeDefinition,
  MemoryCandidate,
  MemoryCandidateChanges,
  BeforeWriteHook,
  AgentWritePolicy,
  SkipReason,
  SkippedOperation,
} from "./extraction/extraction-options.js";
export {
  buildExtractionPrompt,
  defaultMemoryTypes,
  type BuildExtractionPromptOptions,
  type PromptMessage,
  type PromptMemory,
} from "./extraction/build-extraction-prompt.js";
export { operationsJsonSchema, modelEvents, type ModelOperation } from "./extraction/extraction-schema.js";
export { extractRuleFacts } from "./extraction/rules/extract-with-rules.js";
export type { RuleFact } from "./extraction/rules/rule.js";
export {
  buildContext,
  defaultInjectionOptions,
  type BuildContextOptions,
  type BuildContextSettings,
  type BuildContextResult,
} from "./context/build-context.js";
export { formatContext, type FormatContextOptions, type FormattedContext } from "./context/format-context.js";
export { countTokens, loadTokenCounter, type TokenCounter } from "./context/count-tokens.js";
export type {
  MemoryOperation,
  AddOperation,
  UpdateOperation,
  DeleteOperation,
  InvalidateOperation,
  NoneOperation,
} from "./memory/memory-operation.js";
export { applyOperations, type ApplySettings, type AppliedOperations } from "./memory/apply-operations.js";
export {
  maxMessagesPerAdd,
  normalizeMessages,
  type NormalizedMessage,
} from "./memory/normalize-messages.js";
export { hashMemory, normalizeForHash } from "./memory/hash-memory.js";
export { compareMemoryTexts, type MemoryTextComparison } from "./memory/compare-memory-texts.js";
export {
  type DeduplicationOptions,
  defaultMinOverlap,
  nearDuplicateThreshold,
} from "./memory/deduplication-options.js";
export { indexedText, type IndexedFields } from "./memory/indexed-text.js";
export {
  type ContextWindow,
  defaultContextWindow,
} from "./memory/context-window.js";
export { toItem } from "./memory/to-item.js";
export type {
  MaybePromise,
  JsonValue,
  Metadata,
  Scope,
  ScopeSelector,
  AnyScope,
  AccessLogEntry,
  BuiltInMemoryType,
  MemoryType,
  MemorySource,
  MemoryItem,
  MemoryState,
  StoredMemory,
  MemoryRecord,
  ScoreExplanation,
  ScoredMemoryItem,
  HistoryEvent,
  HistoryEntry,
  ChatMessage,
} from "./types.js";
export {
  EngramError,
  type EngramErrorOptions,
  InvalidArgumentError,
  MemoryNotFoundError,
  StoreError,
  EmbedderMismatchError,
  type EmbedderInfo,
  UnsupportedCapabilityError,
  ExtractionError,
  VersionConflictError,
  type VersionConflict,
  DuplicateMemoryError,
  WriteRejectedError,
  ModelTimeoutError,
  RerankError,
} from "./errors/index.js";
export {
  scopeFields,
  pickScope,
  requireScope,
  byIdScope,
  checkScopeId,
  scopeFieldMeant,
  scopeOf,
  asSelector,
  maxScopeIdLength,
  maxMetadataLength,
  hasScope,
  matchesScope,
  sameScope,
  checkMetadata,
  maxMetadataDepth,
} from "./scope.js";
export {
  type MemoryFilter,
  type FieldOperators,
  builtInFilterFields,
  readFilterField,
  validateFilter,
  maxFilterDepth,
  maxFilterSize,
  matchesFilter,
  jsonEquals,
} from "./filters/index.js";
export { words, terms, isStopWord, termFrequencies } from "./text/tokenize.js";
export {
  bm25Score,
  bm25Idf,
  defaultBm25Parameters,
  type Bm25Parameters,
  type Bm25CollectionStats,
} from "./text/bm25.js";
export type { Embedder } from "./embedders/embedder.js";
export { createHashingEmbedder, type HashingEmbedderOptions } from "./embedders/hashing-embedder.js";
export { embedTexts, type EmbedTextsOptions } from "./embedders/embed-texts.js";
export { normalize, dot } from "./embedders/vector-math.js";
export type {
  MemoryStore,
  WriteBatch,
  ValidityOptions,
  ListOptions,
  ListResult,
  SearchQuery,
  SearchCandidate,
  MemoryRef,
  HistoryQuery,
  HistoryPage,
  AccessLogQuery,
  MemoryAccess,
  AccessLogPage,
  ScopesQuery,
  ScopeSummary,
  ScopesPage,
} from "./store/memory-store.js";
export { MemoryIndex } from "./store/memory-index.js";
export { createInMemoryStore } from "./store/in-memory-store.js";
export { isValid, memoryState, visibleUntil } from "./store/validity.js";
export { encodeCursor, decodeCursor, compareNewestFirst, type CursorPosition } from "./store/cursor.js";
export { TopK } from "./store/top-k.js";
export {
  type RetrievalOptions,
  type RelevanceFloorOptions,
  type RelevanceFloorExplanation,
  type RetrievalSelectionOptions,
  defaultRetrievalOptions,
} from "./retrieval/retrieval-options.js";
export type {
  Reranker,
  RerankCandidate,
  RerankCallOptions,
  RerankScore,
  RerankExplanation,
} from "./retrieval/reranker.js";
export type {
  RetrievalPolicy,
  PolicyExplanation,
  EffectiveRetrievalSettings,
} from "./retrieval/retrieval-policy.js";
export { createLlmReranker, type LlmRerankerOptions } from "./rerank/create-llm-reranker.js";
export { createHttpReranker, type HttpRerankerOptions } from "./rerank/create-http-reranker.js";
export { checkRetrievalOptions } from "./retrieval/check-retrieval-options.js";
export { scoreCandidate } from "./retrieval/score-candidate.js";
export { WriteBackQueue } from "./memory/write-back-queue.js";
export {
  createMemoryToolSpecs,
  type MemoryToolsBaseOptions,
  type MemoryToolSpecsOptions,
  type MemoryToolSpec,
  type MemoryToolSpecs,
  type MemoryToolSearchOptions,
  type MemoryToolAddOptions,
  type MemoryToolSearchHit,
  type MemoryToolSearchOutput,
  type MemoryToolAddOutput,
  type MemoryToolUpdateOutput,
  type MemoryToolDeleteOutput,
} from "./tools/create-memory-tool-specs.js";
export {
  memoryToolDefinitions,
  defaultMemoryToolNames,
  searchMemoriesInputSchema,
  addMemoryInputSchema,
  updateMemoryInputSchema,
  deleteMemoryInputSchema,
  type MemoryToolKind,
  type MemoryToolNames,
  type MemoryToolDefinition,
  type MemoryToolDefinitions,
} from "./tools/memory-tool-definitions.js";
