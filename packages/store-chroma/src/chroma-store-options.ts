import { checkKnownKeys, InvalidArgumentError } from "@engram/core";

const optionKeys = [
  "client",
  "host",
  "port",
  "ssl",
  "headers",
  "tenant",
  "database",
  "collectionPrefix",
  "retries",
  "retryDelayMs",
  "maxRetryDelayMs",
  "requestTimeoutMs",
  "journal",
  "limits",
  "searchCache",
  "_internal",
] as const;
import type { ChromaClient } from "chromadb";

/** Size limits the store respects; the defaults are Chroma Cloud's quotas, so one setup works everywhere. */
export interface ChromaStoreLimits {
  /** Most records one get or query may return (Chroma Cloud: 300). @default 300 */
  maxResultsPerRequest?: number;
  /** Most records one add, upsert or delete may carry (Chroma Cloud: 300). @default 300 */
  maxRecordsPerWrite?: number;
  /** Most comparisons in one `where` clause; the rest of a filter runs on our side (Chroma Cloud: 8). @default 8 */
  maxWherePredicates?: number;
  /** Most metadata keys per record; metadata fields beyond it are filtered on our side (Chroma Cloud: 32). @default 32 */
  maxMetadataKeys?: number;
  /** Longest metadata key in bytes (Chroma Cloud: 36). @default 36 */
  maxKeyBytes?: number;
  /** Longest metadata string value in bytes (Chroma Cloud: 4096). @default 4096 */
  maxMetadataValueBytes?: number;
  /** Largest document in bytes; a memory is stored as one document (Chroma Cloud: 16384). @default 16384 */
  maxDocumentBytes?: number;
}

/** The write-ahead journal that makes a batch all-or-nothing across Chroma collections. */
export interface ChromaJournalOptions {
  /**
   * How old another process's unfinished batch must be before this process completes it (a live writer is
   * usually still applying younger ones). Batches this process failed to finish are completed at once.
   * @default 30000
   */
  graceMs?: number;
  /** How often, at most, operations look for unfinished batches of other processes, in ms. @default 5000 */
  checkIntervalMs?: number;
  /**
   * How long a write waits while other processes hold write claims on the same memories or deduplication keys
   * (see the README: "Faults and concurrency") before it fails with a StoreError, in ms. @default 10000
   */
  claimWaitMs?: number;
}

/** The per-process cache of the keyword side of searches (see the README: "Search cache"). */
export interface ChromaSearchCacheOptions {
  /**
   * Most memories held over all cached scopes (about 1–2 KB of memory each); scopes are dropped least recently
   * used first, and a scope larger than this is read on every search instead of being cached.
   * @default 100000
   */
  maxRecords?: number;
}

/** One step of a batch write, reported to `_internal.onWriteStep` (tests use it to inject faults). */
export type ChromaWriteStep =
  | "journal-written"
  | "memories-upserted"
  | "memories-deleted"
  | "history-written"
  | "journal-removed";

/** Options of `createChromaStore`. */
export interface ChromaStoreOptions {
  /** A ready `ChromaClient`; when given, `host`, `port`, `ssl`, `headers`, `tenant` and `database` are ignored. */
  client?: ChromaClient;
  /** Host of the Chroma server. @default "localhost" */
  host?: string;
  /** Port of the Chroma server. @default 8000 */
  port?: number;
  /** Use HTTPS. @default false */
  ssl?: boolean;
  /** HTTP headers sent with every request, e.g. `{ "x-chroma-token": token }` or `{ Authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** Chroma tenant (hosted or distributed Chroma). @default the server's default tenant */
  tenant?: string;
  /** Chroma database (hosted or distributed Chroma). @default the server's default database */
  database?: string;
  /** Prefix of the collection names (`<prefix>-memories`, `<prefix>-state`): at least 3 characters. @default "engram" */
  collectionPrefix?: string;
  /** Retries of a request that failed because the server was unreachable, overloaded or timed out. @default 3 */
  retries?: number;
  /** Delay before the first retry in ms; it doubles on each further retry (with jitter). @default 250 */
  retryDelayMs?: number;
  /** Longest delay between retries in ms. @default 5000 */
  maxRetryDelayMs?: number;
  /** How long one request may take before it counts as failed (and is retried), in ms. @default 30000 */
  requestTimeoutMs?: number;
  /** Write-ahead journal settings. */
  journal?: ChromaJournalOptions;
  /** Request and record size limits. */
  limits?: ChromaStoreLimits;
  /**
   * Caches each searched scope's memories (without vectors) and their term statistics, so a search does not
   * read the whole scope again; kept coherent with every writer of the collections. `false` disables it.
   * @default { maxRecords: 100000 }
   */
  searchCache?: ChromaSearchCacheOptions | false;
  /** Test hooks; not part of the public API. */
  _internal?: {
    /** Called after each step of every batch write; may throw or kill the server to simulate a crash. */
    onWriteStep?: (step: ChromaWriteStep, batchKey: string) => void | Promise<void>;
    /** Current time in ms. */
    now?: () => number;
  };
}

/** Options with every default filled in. */
export interface ResolvedChromaStoreOptions {
  client?: ChromaClient;
  connection: {
    host: string;
    port: number;
    ssl: boolean;
    headers?: Record<string, string>;
    tenant?: string;
    database?: string;
  };
  prefix: string;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  requestTimeoutMs: number;
  graceMs: number;
  checkIntervalMs: number;
  claimWaitMs: number;
  limits: Required<ChromaStoreLimits>;
  /** Most records the search cache holds; 0 disables it. */
  searchCacheRecords: number;
  onWriteStep?: (step: ChromaWriteStep, batchKey: string) => void | Promise<void>;
  now: () => number;
}

const defaultLimits: Required<ChromaStoreLimits> = {
  maxResultsPerRequest: 300,
  maxRecordsPerWrite: 300,
  maxWherePredicates: 8,
  maxMetadataKeys: 32,
  maxKeyBytes: 36,
  maxMetadataValueBytes: 4096,
  maxDocumentBytes: 16_384,
};

/** Smallest values that still leave room for the store's own keys and clauses. */
const minimumLimits: Required<ChromaStoreLimits> = {
  maxResultsPerRequest: 10,
  maxRecordsPerWrite: 1,
  maxWherePredicates: 4,
  maxMetadataKeys: 16,
  maxKeyBytes: 16,
  maxMetadataValueBytes: 256,
  maxDocumentBytes: 2048,
};

function wholeNumber(value: unknown, argument: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number of at least ${minimum}, got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

function checkPrefix(prefix: unknown): string {
  if (prefix === undefined) return "engram";
  if (
    typeof prefix !== "string" ||
    !/^[a-zA-Z0-9][a-zA-Z0-9._-]{2,99}$/u.test(prefix) ||
    prefix.includes("..")
  ) {
    throw new InvalidArgumentError({
      argument: "options.collectionPrefix",
      message: `expected 3 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit (no ".."), got ${JSON.stringify(prefix)}; e.g. "engram" or "myapp-prod".`,
    });
  }
  return prefix;
}

function resolveLimits(limits: ChromaStoreLimits | undefined): Required<ChromaStoreLimits> {
  const resolved = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof ChromaStoreLimits>) {
    resolved[key] = wholeNumber(
      limits?.[key],
      `options.limits.${key}`,
      defaultLimits[key],
      minimumLimits[key],
    );
  }
  return resolved;
}

function resolveSearchCache(cache: ChromaSearchCacheOptions | false | undefined): number {
  if (cache === false) return 0;
  if (cache === undefined) return 100_000;
  if (typeof cache !== "object" || cache === null) {
    throw new InvalidArgumentError({
      argument: "options.searchCache",
      message: "expected false or an object such as { maxRecords: 100000 }.",
    });
  }
  return wholeNumber(cache.maxRecords, "options.searchCache.maxRecords", 100_000, 1);
}

/** Validates the options and fills in the defaults. */
export function resolveOptions(options: ChromaStoreOptions = {}): ResolvedChromaStoreOptions {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError({
      argument: "options",
      message: 'expected an options object, e.g. { host: "localhost", port: 8000 }.',
    });
  }
  // A misspelt option (`jounral`, `graceMS`) would otherwise be ignored silently.
  checkKnownKeys(options, optionKeys, "options");
  checkKnownKeys(options.journal, ["graceMs", "checkIntervalMs", "claimWaitMs"], "options.journal");
  checkKnownKeys(options.limits, Object.keys(defaultLimits), "options.limits");
  if (options.searchCache) checkKnownKeys(options.searchCache, ["maxRecords"], "options.searchCache");
  checkKnownKeys(options._internal, ["onWriteStep", "now"], "options._internal");
  if (
    options.client !== undefined &&
    (typeof options.client !== "object" ||
      options.client === null ||
      typeof options.client.getOrCreateCollection !== "function")
  ) {
    throw new InvalidArgumentError({
      argument: "options.client",
      message: "expected a ChromaClient from the chromadb package.",
    });
  }
  if (options.host !== undefined && (typeof options.host !== "string" || !options.host)) {
    throw new InvalidArgumentError({
      argument: "options.host",
      message: 'expected a host name such as "localhost".',
    });
  }
  const port = wholeNumber(options.port, "options.port", 8000, 1);
  if (port > 65_535)
    throw new InvalidArgumentError({
      argument: "options.port",
      message: `expected a port from 1 to 65535, got ${port}.`,
    });
  const connection: ResolvedChromaStoreOptions["connection"] = {
    host: options.host ?? "localhost",
    port,
    ssl: options.ssl ?? false,
  };
  if (options.headers) connection.headers = { ...options.headers };
  if (options.tenant) connection.tenant = options.tenant;
  if (options.database) connection.database = options.database;
  const resolved: ResolvedChromaStoreOptions = {
    connection,
    prefix: checkPrefix(options.collectionPrefix),
    retries: wholeNumber(options.retries, "options.retries", 3, 0),
    retryDelayMs: wholeNumber(options.retryDelayMs, "options.retryDelayMs", 250, 0),
    maxRetryDelayMs: wholeNumber(options.maxRetryDelayMs, "options.maxRetryDelayMs", 5000, 0),
    requestTimeoutMs: wholeNumber(options.requestTimeoutMs, "options.requestTimeoutMs", 30_000, 1),
    graceMs: wholeNumber(options.journal?.graceMs, "options.journal.graceMs", 30_000, 0),
    checkIntervalMs: wholeNumber(
      options.journal?.checkIntervalMs,
      "options.journal.checkIntervalMs",
      5000,
      0,
    ),
    claimWaitMs: wholeNumber(options.journal?.claimWaitMs, "options.journal.claimWaitMs", 10_000, 0),
    limits: resolveLimits(options.limits),
    searchCacheRecords: resolveSearchCache(options.searchCache),
    now: options._internal?.now ?? Date.now,
  };
  if (options.client) resolved.client = options.client;
  if (options._internal?.onWriteStep) resolved.onWriteStep = options._internal.onWriteStep;
  return resolved;
}
