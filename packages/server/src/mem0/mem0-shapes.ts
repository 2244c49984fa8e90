import type { AddResult, HistoryEntry, MemoryItem } from "@engram/core";

/** A memory as Mem0's API returns it (snake_case, null for absent entities). */
export interface Mem0Memory {
  id: string;
  memory: string;
  hash: string;
  metadata: Record<string, unknown>;
  categories: string[];
  user_id: string | null;
  agent_id: string | null;
  run_id: string | null;
  app_id: null;
  created_at: string;
  updated_at: string;
  expiration_date: string | null;
  score?: number;
}

/** An Engram memory in Mem0's shape; Engram's type is its one category. */
export function toMem0Memory(item: MemoryItem & { score?: number }): Mem0Memory {
  return {
    id: item.id,
    memory: item.memory,
    hash: item.hash,
    metadata: item.metadata,
    categories: [item.type],
    user_id: item.userId ?? null,
    agent_id: item.agentId ?? null,
    run_id: item.runId ?? null,
    app_id: null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    expiration_date: item.expiresAt ?? null,
    ...(item.score !== undefined ? { score: item.score } : {}),
  };
}

/** Engram's add result in Mem0's shape: `{ results: [{ id, event, memory, data: { memory } }] }`. */
export function toMem0AddResult(result: AddResult) {
  return {
    results: result.results.map((item) => ({
      id: item.id,
      event: item.event === "NONE" ? "NOOP" : item.event,
      memory: item.memory,
      data: { memory: item.memory },
      ...(item.previousMemory !== undefined ? { previous_memory: item.previousMemory } : {}),
    })),
  };
}

/** One history entry in Mem0's shape. */
export function toMem0History(entry: HistoryEntry) {
  return {
    id: entry.id,
    memory_id: entry.memoryId,
    input: [],
    old_memory: entry.previousValue,
    new_memory: entry.newValue,
    user_id: entry.userId ?? null,
    agent_id: entry.agentId ?? null,
    run_id: entry.runId ?? null,
    categories: [],
    event: entry.event,
    actor: entry.actor,
    created_at: entry.createdAt,
    updated_at: entry.createdAt,
  };
}
