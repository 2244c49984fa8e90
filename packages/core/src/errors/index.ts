export { EngramError, type EngramErrorOptions } from "./engram-error.js";
export { InvalidArgumentError } from "./invalid-argument-error.js";
export { MemoryNotFoundError } from "./memory-not-found-error.js";
export { StoreError } from "./store-error.js";
export { EmbedderMismatchError, type EmbedderInfo } from "./embedder-mismatch-error.js";
export { UnsupportedCapabilityError } from "./unsupported-capability-error.js";
export { ExtractionError } from "./extraction-error.js";
