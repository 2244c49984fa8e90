import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { normalize } from "../embedders/vector-math.js";
import { hashMemory } from "../memory/hash-memory.js";
import { Memory } from "../memory/memory.js";
import type { MemoryOptions } from "../memory/memory-options.js";
import type { MemoryStore } from "../store/memory-store.js";
import { terms } from "../text/tokenize.js";
import type { HistoryEntry, MemoryRecord, Scope } from "../types.js";

/** Options of the store conformance suite. */
export interface MemoryStoreTestOptions {
  /** Name shown in the test titles. */
  name: string;
  /** Creates a fresh, empty store for one test. */
  createStore: () => Promise<MemoryStore> | MemoryStore;
  /** Disposes of a store after its test (close connections, drop collections). @default store.close() */
  destroyStore?: (store: MemoryStore) => Promise<void> | void;
  /** Runs once before the suite (start a server). */
  beforeAll?: () => Promise<void> | void;
  /** Runs once after the suite (stop the server). */
  afterAll?: () => Promise<void> | void;
  /** Store-specific tests, run inside the suite's describe block. */
  additionalTests?: (getStore: () => MemoryStore) => void;
  /** Per-test timeout in ms. @default 30000 */
  timeoutMs?: number;
  /**
   * Reopens a store on the same data (a new process would see), for tests that check what survives a reopen,
   * e.g. ids that would not round-trip. Absent for stores that cannot be reopened (in-memory).
   */
  reopenStore?: (store: MemoryStore) => Promise<MemoryStore> | MemoryStore;
  /** How many random operation sequences the property-based isolation test runs. @default 60 */
  isolationRuns?: number;
  /**
   * Every byte the store holds (its files, or a dump of everything its backend keeps), for the test that greps
   * for forgotten content. Absent for stores that keep nothing outside the process (in-memory).
   */
  storedBytes?: (store: MemoryStore) => Promise<Uint8Array> | Uint8Array;
}

/** The embedder the conformance suite uses for its records. */
export const conformanceEmbedder = createHashingEmbedder({ dimensions: 64 });

let counter = 0;
/** A deterministic id for conformance records. */
export function nextId(prefix = "m"): string {
  counter += 1;
  return `${prefix}-${String(counter).padStart(6, "0")}`;
}

/** Builds a record for store-level tests. */
export function makeRecord(text: string, scope: Scope, overrides: Partial<MemoryRecord> = {}): MemoryRecord {
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2025, 0, 1, 0, 0, counter)).toISOString();
  return {
    id: nextId(),
    version: 1,
    memory: text,
    type: "fact",
    hash: hashMemory(text),
    metadata: {},
    ...scope,
    createdAt,
    updatedAt: createdAt,
    sources: [{ role: "user" }],
    validFrom: createdAt,
    validTo: null,
    embedding: embed(text),
    ...overrides,
  };
}

/** Embeds a text with the conformance embedder (unit length). */
export function embed(text: string): Float32Array {
  return normalize((conformanceEmbedder.embed([text]) as Float32Array[])[0]!);
}

/** Builds a search query for a text. */
export function queryFor(text: string, scope: Scope, limit = 10) {
  return { scope, vector: embed(text), terms: terms(text), limit };
}

/** Builds a history entry for a record. */
export function makeHistory(record: MemoryRecord, event: HistoryEntry["event"] = "ADD"): HistoryEntry {
  const entry: HistoryEntry = {
    id: nextId("h"),
    memoryId: record.id,
    event,
    previousValue: event === "ADD" ? null : record.memory,
    newValue: event === "DELETE" ? null : record.memory,
    actor: "conformance",
    createdAt: new Date().toISOString(),
  };
  if (record.userId !== undefined) entry.userId = record.userId;
  if (record.agentId !== undefined) entry.agentId = record.agentId;
  if (record.runId !== undefined) entry.runId = record.runId;
  return entry;
}

/** Lists every record of a scope (all pages), including invalid ones when asked. */
export async function listAll(
  store: MemoryStore,
  scope: Scope | null,
  includeInvalid = false,
): Promise<MemoryRecord[]> {
  const records: MemoryRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({
      scope,
      limit: 7,
      ...(includeInvalid ? { includeInvalid } : {}),
      ...(cursor ? { cursor } : {}),
    });
    records.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

/** A Memory over the store, with the conformance embedder and a clock the test moves (from `startMs`). */
export function clockedMemory(store: MemoryStore, options: Partial<MemoryOptions> = {}, startMs = 0) {
  let now = startMs;
  const memory = new Memory({
    store,
    embedder: conformanceEmbedder,
    ...options,
    _internal: { now: () => new Date(now) },
  });
  return {
    memory,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}
