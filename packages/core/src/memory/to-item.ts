import { memoryState } from "../store/validity.js";
import type { MemoryItem, MemoryRecord } from "../types.js";

/**
 * Copies a stored record into a public item (no embedding, no shared references), with its state at `at`
 * (ISO 8601: the read's `asOf`, or now).
 */
export function toItem(record: MemoryRecord, at: string): MemoryItem {
  const item: MemoryItem = {
    id: record.id,
    version: record.version,
    memory: record.memory,
    type: record.type,
    hash: record.hash,
    metadata: structuredClone(record.metadata),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    sources: record.sources.map((source) => ({ ...source })),
    validFrom: record.validFrom,
    validTo: record.validTo,
    state: memoryState(record, at),
  };
  if (record.userId !== undefined) item.userId = record.userId;
  if (record.agentId !== undefined) item.agentId = record.agentId;
  if (record.runId !== undefined) item.runId = record.runId;
  if (record.supersededBy !== undefined) item.supersededBy = record.supersededBy;
  if (record.mergedInto !== undefined) item.mergedInto = record.mergedInto;
  if (record.derivedFrom !== undefined) item.derivedFrom = [...record.derivedFrom];
  if (record.slot !== undefined) item.slot = record.slot;
  if (record.context !== undefined) item.context = record.context;
  if (record.expiresAt !== undefined) item.expiresAt = record.expiresAt;
  if (record.archivedAt !== undefined) item.archivedAt = record.archivedAt;
  if (record.pending) item.pending = true;
  if (record.importance !== undefined) item.importance = record.importance;
  if (record.accessCount !== undefined) item.accessCount = record.accessCount;
  if (record.lastAccessedAt !== undefined) item.lastAccessedAt = record.lastAccessedAt;
  return item;
}
