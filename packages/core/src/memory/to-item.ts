import type { MemoryItem, MemoryRecord } from "../types.js";

/** Copies a stored record into a public item (no embedding, no shared references). */
export function toItem(record: MemoryRecord): MemoryItem {
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
  };
  if (record.userId !== undefined) item.userId = record.userId;
  if (record.agentId !== undefined) item.agentId = record.agentId;
  if (record.runId !== undefined) item.runId = record.runId;
  if (record.supersededBy !== undefined) item.supersededBy = record.supersededBy;
  if (record.slot !== undefined) item.slot = record.slot;
  if (record.context !== undefined) item.context = record.context;
  return item;
}
