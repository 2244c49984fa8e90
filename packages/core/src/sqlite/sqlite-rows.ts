import type { AccessLogEntry, HistoryEntry, Metadata, MemoryRecord } from "../types.js";

/** A `memories` row. */
export interface MemoryRow {
  id: string;
  memory: string;
  type: string;
  hash: string;
  metadata: string;
  user_id: string | null;
  agent_id: string | null;
  run_id: string | null;
  created_at: string;
  updated_at: string;
  sources: string;
  valid_from: string;
  valid_to: string | null;
  superseded_by: string | null;
  slot: string | null;
  embedding: Buffer;
  context: string | null;
  version: number;
  unique_key: string | null;
  expires_at: string | null;
  archived_at: string | null;
  pending: number | null;
  importance: number | null;
  access_count: number | null;
  last_accessed_at: string | null;
  merged_into: string | null;
  derived_from: string | null;
}

/** A `history` row. */
export interface HistoryRow {
  id: string;
  memory_id: string;
  event: HistoryEntry["event"];
  previous_value: string | null;
  new_value: string | null;
  actor: string;
  created_at: string;
  user_id: string | null;
  agent_id: string | null;
  run_id: string | null;
  details: string | null;
  erased: number | null;
}

/** An `access_log` row. */
export interface AccessRow {
  id: string;
  operation: AccessLogEntry["operation"];
  actor: string;
  created_at: string;
  user_id: string | null;
  agent_id: string | null;
  run_id: string | null;
  query: string | null;
  memory_ids: string;
}

/** Converts a record to row parameters. */
export function recordToRow(record: MemoryRecord): MemoryRow {
  return {
    id: record.id,
    memory: record.memory,
    type: record.type,
    hash: record.hash,
    metadata: JSON.stringify(record.metadata),
    user_id: record.userId ?? null,
    agent_id: record.agentId ?? null,
    run_id: record.runId ?? null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    sources: JSON.stringify(record.sources),
    valid_from: record.validFrom,
    valid_to: record.validTo,
    superseded_by: record.supersededBy ?? null,
    slot: record.slot ?? null,
    embedding: Buffer.from(record.embedding.buffer, record.embedding.byteOffset, record.embedding.byteLength),
    context: record.context ?? null,
    version: record.version,
    unique_key: record.uniqueKey ?? null,
    expires_at: record.expiresAt ?? null,
    archived_at: record.archivedAt ?? null,
    pending: record.pending ? 1 : null,
    importance: record.importance ?? null,
    access_count: record.accessCount ?? null,
    last_accessed_at: record.lastAccessedAt ?? null,
    merged_into: record.mergedInto ?? null,
    derived_from: record.derivedFrom ? JSON.stringify(record.derivedFrom) : null,
  };
}

/** Converts a row back to a record (the embedding is copied into an aligned Float32Array). */
export function rowToRecord(row: MemoryRow): MemoryRecord {
  const bytes = row.embedding;
  const embedding = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(embedding.buffer).set(bytes);
  const record: MemoryRecord = {
    id: row.id,
    memory: row.memory,
    type: row.type,
    hash: row.hash,
    metadata: JSON.parse(row.metadata) as Metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sources: JSON.parse(row.sources) as MemoryRecord["sources"],
    validFrom: row.valid_from,
    validTo: row.valid_to,
    embedding,
    version: row.version,
  };
  if (row.unique_key !== null) record.uniqueKey = row.unique_key;
  if (row.expires_at !== null) record.expiresAt = row.expires_at;
  if (row.archived_at !== null) record.archivedAt = row.archived_at;
  if (row.pending) record.pending = true;
  if (row.importance !== null) record.importance = row.importance;
  if (row.access_count !== null) record.accessCount = row.access_count;
  if (row.last_accessed_at !== null) record.lastAccessedAt = row.last_accessed_at;
  if (row.user_id !== null) record.userId = row.user_id;
  if (row.agent_id !== null) record.agentId = row.agent_id;
  if (row.run_id !== null) record.runId = row.run_id;
  if (row.superseded_by !== null) record.supersededBy = row.superseded_by;
  if (row.slot !== null) record.slot = row.slot;
  if (row.merged_into !== null && row.merged_into !== undefined) record.mergedInto = row.merged_into;
  if (row.derived_from !== null && row.derived_from !== undefined)
    record.derivedFrom = JSON.parse(row.derived_from) as string[];
  if (row.context !== null && row.context !== undefined) record.context = row.context;
  return record;
}

/** Converts a history entry to row parameters. */
export function historyToRow(entry: HistoryEntry): HistoryRow {
  return {
    id: entry.id,
    memory_id: entry.memoryId,
    event: entry.event,
    previous_value: entry.previousValue,
    new_value: entry.newValue,
    actor: entry.actor,
    created_at: entry.createdAt,
    user_id: entry.userId ?? null,
    agent_id: entry.agentId ?? null,
    run_id: entry.runId ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    erased: entry.erased ? 1 : null,
  };
}

/** Converts a history row back to an entry. */
export function rowToHistory(row: HistoryRow): HistoryEntry {
  const entry: HistoryEntry = {
    id: row.id,
    memoryId: row.memory_id,
    event: row.event,
    previousValue: row.previous_value,
    newValue: row.new_value,
    actor: row.actor,
    createdAt: row.created_at,
  };
  if (row.user_id !== null) entry.userId = row.user_id;
  if (row.agent_id !== null) entry.agentId = row.agent_id;
  if (row.run_id !== null) entry.runId = row.run_id;
  if (row.details !== null) entry.details = JSON.parse(row.details) as Metadata;
  if (row.erased) entry.erased = true;
  return entry;
}

/** Converts an access-log entry to row parameters. */
export function accessToRow(entry: AccessLogEntry): AccessRow {
  return {
    id: entry.id,
    operation: entry.operation,
    actor: entry.actor,
    created_at: entry.createdAt,
    user_id: entry.userId ?? null,
    agent_id: entry.agentId ?? null,
    run_id: entry.runId ?? null,
    query: entry.query ?? null,
    memory_ids: JSON.stringify(entry.memoryIds),
  };
}

/** Converts an access-log row back to an entry. */
export function rowToAccess(row: AccessRow): AccessLogEntry {
  const entry: AccessLogEntry = {
    id: row.id,
    operation: row.operation,
    actor: row.actor,
    createdAt: row.created_at,
    memoryIds: JSON.parse(row.memory_ids) as string[],
  };
  if (row.user_id !== null) entry.userId = row.user_id;
  if (row.agent_id !== null) entry.agentId = row.agent_id;
  if (row.run_id !== null) entry.runId = row.run_id;
  if (row.query !== null) entry.query = row.query;
  return entry;
}
