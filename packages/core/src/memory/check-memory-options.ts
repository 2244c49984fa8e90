import { InvalidArgumentError } from "../errors/index.js";
import { checkExtractionOptions } from "../extraction/check-extraction-options.js";
import {
  checkTimeout,
  defaultEmbedderTimeoutMs,
  defaultLlmTimeoutMs,
  withModelTimeout,
} from "../models/with-timeout.js";
import { checkRetrievalOptions } from "../retrieval/check-retrieval-options.js";
import { checkPath } from "../validate/check-path.js";
import { describeValue } from "../validate/describe-value.js";
import { snapshotArgument } from "../validate/snapshot-argument.js";
import { checkKnownKeys, plainObjectKeys } from "../validate/well-formed.js";
import type { ExtractionSettings } from "./add-memories.js";
import { checkActor } from "./by-id-writes.js";
import { checkDeduplicationOptions } from "./deduplication-options.js";
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
  "deduplication",
  "embedderTimeoutMs",
  "llmTimeoutMs",
  "_internal",
] as const;

function fail(argument: string, message: string, cause?: unknown): never {
  throw new InvalidArgumentError({ argument, message, ...(cause !== undefined ? { cause } : {}) });
}

/** Reads the named properties of a component once; a getter or proxy trap that throws becomes an error. */
function readMembers(
  value: unknown,
  argument: string,
  members: readonly string[],
  expected: string,
): Record<string, unknown> {
  if ((typeof value !== "object" && typeof value !== "function") || value === null)
    fail(argument, `expected ${expected}, got ${describeValue(value)}.`);
  const read: Record<string, unknown> = {};
  for (const member of members) {
    try {
      read[member] = (value as Record<string, unknown>)[member];
    } catch (cause) {
      fail(`${argument}.${member}`, `could not be read; expected ${expected}.`, cause);
    }
  }
  return read;
}

const requiredStoreMethods = [
  "write",
  "get",
  "list",
  "search",
  "history",
  "getMeta",
  "setMeta",
  "reset",
] as const;
const optionalStoreMethods = ["appendAccessLog", "readAccessLog", "touch", "close"] as const;
const storeExpected =
  'a MemoryStore ({ specificationVersion: "v2", name, write, get, list, search, history, getMeta, setMeta, reset }), e.g. createSqliteStore({ path }) or createInMemoryStore()';

function checkStore(store: unknown): void {
  if (store === undefined) return;
  const members = readMembers(
    store,
    "options.store",
    ["specificationVersion", "name", ...requiredStoreMethods, ...optionalStoreMethods],
    storeExpected,
  );
  const missing = requiredStoreMethods.filter((method) => typeof members[method] !== "function");
  if (missing.length === requiredStoreMethods.length) fail("options.store", `expected ${storeExpected}.`);
  if (members.specificationVersion !== "v2") {
    fail(
      "options.store",
      `this store implements the MemoryStore contract ${describeValue(members.specificationVersion)}, and this Engram needs "v2" (versioned, conditional writes and erasure). Upgrade the store package, or see the MemoryStore docs and run runMemoryStoreTests from @engram/core/testing.`,
    );
  }
  if (missing.length)
    fail("options.store", `expected ${storeExpected}; this one has no ${missing.join(", ")}.`);
  const broken = optionalStoreMethods.filter(
    (method) => members[method] !== undefined && typeof members[method] !== "function",
  );
  if (broken.length)
    fail("options.store", `${broken.join(", ")} must be methods when present; expected ${storeExpected}.`);
  checkComponentName(members.name, "options.store.name", 'a short store name such as "sqlite"');
}

function checkComponentName(name: unknown, argument: string, expected: string): void {
  if (
    typeof name !== "string" ||
    !name.trim() ||
    name.length > 256 ||
    !name.isWellFormed() ||
    /\p{Cc}/u.test(name)
  )
    fail(
      argument,
      `expected ${expected} (a non-empty string of at most 256 characters), got ${describeValue(name)}.`,
    );
}

const embedderExpected =
  'an Embedder ({ specificationVersion: "v1", name, dimensions, embed(texts) }), e.g. createHashingEmbedder() for tests';

function checkEmbedderShape(embedder: unknown): void {
  if (embedder === undefined) return;
  const members = readMembers(
    embedder,
    "options.embedder",
    ["specificationVersion", "name", "dimensions", "maxBatchSize", "embed"],
    embedderExpected,
  );
  if (typeof members.embed !== "function") fail("options.embedder", `expected ${embedderExpected}.`);
  if (members.specificationVersion !== undefined && members.specificationVersion !== "v1")
    fail(
      "options.embedder.specificationVersion",
      `this embedder implements the Embedder contract ${describeValue(members.specificationVersion)}, and this Engram needs "v1".`,
    );
  checkComponentName(
    members.name,
    "options.embedder.name",
    'a stable embedder name such as "openai:text-embedding-3-small"',
  );
  const dimensions = members.dimensions;
  if (
    typeof dimensions !== "number" ||
    !Number.isInteger(dimensions) ||
    dimensions < 1 ||
    dimensions > 65_536
  )
    fail(
      "options.embedder.dimensions",
      `expected a whole number from 1 to 65536, got ${describeValue(dimensions)}.`,
    );
  const batch = members.maxBatchSize;
  if (batch !== undefined && (typeof batch !== "number" || !Number.isInteger(batch) || batch < 1))
    fail(
      "options.embedder.maxBatchSize",
      `expected a whole number of at least 1, got ${describeValue(batch)}.`,
    );
}

const modelExpected =
  'a ChatModel ({ specificationVersion: "v1", name, generate(request) }), e.g. createOpenAIChatModel() from @engram/provider-openai';

function checkModelShape(llm: unknown): void {
  if (llm === undefined) return;
  const members = readMembers(
    llm,
    "options.llm",
    ["specificationVersion", "name", "generate"],
    modelExpected,
  );
  if (typeof members.generate !== "function" || members.specificationVersion !== "v1")
    fail("options.llm", `expected ${modelExpected}.`);
  checkComponentName(members.name, "options.llm.name", 'a model name such as "openai:gpt-4o-mini"');
}

function checkInternal(internal: unknown): void {
  if (internal === undefined) return;
  const keys = plainObjectKeys(internal, "options._internal", "{ now?, generateId? }");
  checkKnownKeys(internal, ["now", "generateId"], "options._internal");
  for (const key of keys) {
    const value = (internal as Record<string, unknown>)[key];
    if (value !== undefined && typeof value !== "function")
      fail(`options._internal.${key}`, `expected a function, got ${describeValue(value)}.`);
  }
}

const opaqueOptions = new Set(["store", "embedder", "llm"]);

/**
 * Reads the options of `new Memory()` once: settings are copied as plain data (so changing or proxying them later
 * changes nothing), components (store, embedder, llm) and functions are kept as they are.
 */
export function snapshotMemoryOptions(options: unknown): MemoryOptions {
  if (options === undefined) return {};
  const keys = plainObjectKeys(options, "options", "an options object such as { store, embedder }");
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[key];
    } catch (cause) {
      fail(
        `options.${key}`,
        "could not be read; pass plain data, without getters that throw or proxies.",
        cause,
      );
    }
    Object.defineProperty(copy, key, {
      value: opaqueOptions.has(key) ? value : snapshotArgument(value, `options.${key}`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy as MemoryOptions;
}

/** Checks the options of `new Memory()` (nothing unknown, nothing malformed) and returns its extraction setup. */
export function checkMemoryOptions(options: MemoryOptions): ExtractionSettings {
  checkKnownKeys(options, memoryOptionKeys, "options");
  checkStore(options.store);
  checkEmbedderShape(options.embedder);
  if (options.retrieval !== undefined) checkRetrievalOptions(options.retrieval, "options.retrieval");
  if (options.path !== undefined) checkPath(options.path, "options.path", "a folder path");
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
  checkModelShape(options.llm);
  checkInternal(options._internal);
  checkTimeout(options.embedderTimeoutMs, "options.embedderTimeoutMs", defaultEmbedderTimeoutMs);
  const llmTimeoutMs = checkTimeout(options.llmTimeoutMs, "options.llmTimeoutMs", defaultLlmTimeoutMs);
  return {
    options: checkExtractionOptions(options.extraction),
    actor: actor ?? (options.llm ? "extractor:llm" : "extractor:rules"),
    reconciliation: options.reconciliation ?? "user",
    deduplication: checkDeduplicationOptions(options.deduplication),
    // Every model call (extraction, consolidation) gets the deadline and its AbortSignal.
    ...(options.llm ? { llm: withModelTimeout(options.llm, llmTimeoutMs) } : {}),
  };
}
