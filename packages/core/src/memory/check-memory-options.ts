import { InvalidArgumentError } from "../errors/index.js";
import { checkExtractionOptions } from "../extraction/check-extraction-options.js";
import {
  checkTimeout,
  defaultEmbedderTimeoutMs,
  defaultLlmTimeoutMs,
  withModelTimeout,
} from "../models/with-timeout.js";
import { checkRetrievalOptions } from "../retrieval/check-retrieval-options.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { checkActor } from "./by-id-writes.js";
import type { MemoryOptions } from "./memory-options.js";

const memoryOptionKeys = [
  "store",
  "embedder",
  "path",
  "retrieval",
  "actor",
  "llm",
  "extraction",
  "reconciliation",
  "accessLog",
  "lifecycle",
  "embedderTimeoutMs",
  "llmTimeoutMs",
  "_internal",
] as const;

function checkStore(store: unknown): void {
  if (store === undefined) return;
  const candidate = store as { specificationVersion?: unknown; write?: unknown; get?: unknown };
  if (typeof store !== "object" || store === null || typeof candidate.write !== "function") {
    throw new InvalidArgumentError({
      argument: "options.store",
      message: "expected a MemoryStore, e.g. createSqliteStore({ path }) or createInMemoryStore().",
    });
  }
  if (candidate.specificationVersion !== "v2") {
    throw new InvalidArgumentError({
      argument: "options.store",
      message: `this store implements the MemoryStore contract ${JSON.stringify(candidate.specificationVersion)}, and this Engram needs "v2" (versioned, conditional writes and erasure). Upgrade the store package, or see the MemoryStore docs and run runMemoryStoreTests from @engram/core/testing.`,
    });
  }
}

function checkEmbedderShape(embedder: unknown): void {
  if (embedder === undefined) return;
  const candidate = embedder as { embed?: unknown; dimensions?: unknown; name?: unknown };
  if (
    typeof embedder !== "object" ||
    embedder === null ||
    typeof candidate.embed !== "function" ||
    typeof candidate.name !== "string" ||
    !Number.isInteger(candidate.dimensions)
  ) {
    throw new InvalidArgumentError({
      argument: "options.embedder",
      message: 'expected an Embedder ({ specificationVersion: "v1", name, dimensions, embed(texts) }).',
    });
  }
}

/** Checks the options of `new Memory()` (nothing unknown, nothing malformed) and returns its extraction setup. */
export function checkMemoryOptions(options: MemoryOptions): ExtractionSettings {
  checkKnownKeys(options, memoryOptionKeys, "options");
  checkStore(options.store);
  checkEmbedderShape(options.embedder);
  if (options.retrieval !== undefined) checkRetrievalOptions(options.retrieval, "options.retrieval");
  if (options.path !== undefined && (typeof options.path !== "string" || !options.path.trim())) {
    throw new InvalidArgumentError({
      argument: "options.path",
      message: "expected a folder path (a non-empty string).",
    });
  }
  const actor = checkActor(options.actor);
  if (
    options.reconciliation !== undefined &&
    options.reconciliation !== "user" &&
    options.reconciliation !== "scope"
  ) {
    throw new InvalidArgumentError({
      argument: "options.reconciliation",
      message: 'expected "user" (one truth per user across runs) or "scope" (exactly the write\'s scope).',
    });
  }
  if (options.accessLog !== undefined && typeof options.accessLog !== "boolean") {
    throw new InvalidArgumentError({ argument: "options.accessLog", message: "expected true or false." });
  }
  if (
    options.llm !== undefined &&
    (typeof options.llm?.generate !== "function" || options.llm.specificationVersion !== "v1")
  ) {
    throw new InvalidArgumentError({
      argument: "options.llm",
      message:
        'expected a ChatModel ({ specificationVersion: "v1", name, generate }), e.g. createOpenAIChatModel() from @engram/provider-openai.',
    });
  }
  checkTimeout(options.embedderTimeoutMs, "options.embedderTimeoutMs", defaultEmbedderTimeoutMs);
  const llmTimeoutMs = checkTimeout(options.llmTimeoutMs, "options.llmTimeoutMs", defaultLlmTimeoutMs);
  return {
    options: checkExtractionOptions(options.extraction),
    actor: actor ?? (options.llm ? "extractor:llm" : "extractor:rules"),
    reconciliation: options.reconciliation ?? "user",
    // Every model call (extraction, consolidation) gets the deadline and its AbortSignal.
    ...(options.llm ? { llm: withModelTimeout(options.llm, llmTimeoutMs) } : {}),
  };
}
