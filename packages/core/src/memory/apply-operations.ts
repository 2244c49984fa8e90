import { embedTexts } from "../embedders/embed-texts.js";
import type { WriteBatch } from "../store/memory-store.js";
import type { HistoryEntry, MemoryRecord, Metadata, Scope } from "../types.js";
import { hashMemory } from "./hash-memory.js";
import { indexedText } from "./indexed-text.js";
import type { AddResultItem } from "./memory-options.js";
import type { MemoryContext } from "./memory-context.js";
import type { MemoryOperation } from "./memory-operation.js";

function mergeMetadata(current: Metadata, changes: Metadata | undefined): Metadata {
  if (!changes) return current;
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function scopeOf(record: Scope): Scope {
  const scope: Scope = {};
  if (record.userId !== undefined) scope.userId = record.userId;
  if (record.agentId !== undefined) scope.agentId = record.agentId;
  if (record.runId !== undefined) scope.runId = record.runId;
  return scope;
}

/**
 * Applies planned operations as one atomic store write (memories and history together), embedding every new
 * or changed text in one batch. New memories get `scope`; existing ones keep theirs.
 */
export async function applyOperations(
  context: MemoryContext,
  scope: Scope,
  operations: MemoryOperation[],
  actor: string,
): Promise<AddResultItem[]> {
  const now = context.now().toISOString();
  const texts: string[] = [];
  for (const operation of operations) {
    if (operation.event === "ADD") texts.push(indexedText(operation));
    if (operation.event === "UPDATE" && operation.memory !== undefined) {
      texts.push(indexedText({ memory: operation.memory, context: operation.target.context }));
    }
  }
  const vectors = texts.length ? await embedTexts(context.embedder, texts) : [];
  let nextVector = 0;
  const batch: WriteBatch = { upserts: [], deletes: [], history: [] };
  const results: AddResultItem[] = [];
  const entry = (
    record: MemoryRecord,
    fields: Omit<HistoryEntry, "id" | "memoryId" | "actor" | "createdAt">,
  ) => {
    batch.history.push({
      id: context.generateId(),
      memoryId: record.id,
      actor,
      createdAt: now,
      ...scopeOf(record),
      ...fields,
    });
  };
  for (const operation of operations) {
    switch (operation.event) {
      case "ADD": {
        const record: MemoryRecord = {
          id: context.generateId(),
          memory: operation.memory,
          type: operation.type,
          hash: hashMemory(operation.memory),
          metadata: operation.metadata,
          ...scope,
          createdAt: now,
          updatedAt: now,
          sources: operation.sources,
          validFrom: now,
          validTo: null,
          embedding: vectors[nextVector++]!,
          ...(operation.slot ? { slot: operation.slot } : {}),
          ...(operation.context ? { context: operation.context } : {}),
        };
        const superseded = operation.supersedes ?? [];
        batch.upserts.push(record);
        entry(record, {
          event: "ADD",
          previousValue: null,
          newValue: record.memory,
          ...(superseded.length ? { details: { supersedes: superseded.map((old) => old.id) } } : {}),
        });
        for (const old of superseded) {
          batch.upserts.push({ ...old, validTo: now, supersededBy: record.id, updatedAt: now });
          entry(old, {
            event: "SUPERSEDE",
            previousValue: old.memory,
            newValue: record.memory,
            details: { supersededBy: record.id },
          });
        }
        results.push({
          id: record.id,
          memory: record.memory,
          event: "ADD",
          ...(superseded.length ? { superseded: superseded.map((old) => old.id) } : {}),
        });
        break;
      }
      case "UPDATE": {
        const { target } = operation;
        const memory = operation.memory ?? target.memory;
        const updated: MemoryRecord = {
          ...target,
          memory,
          hash: hashMemory(memory),
          type: operation.type ?? target.type,
          metadata: mergeMetadata(target.metadata, operation.metadata),
          sources: operation.sources ? [...target.sources, ...operation.sources] : target.sources,
          embedding: operation.memory !== undefined ? vectors[nextVector++]! : target.embedding,
          updatedAt: now,
        };
        batch.upserts.push(updated);
        const details: Metadata = {};
        if (operation.metadata) details.metadata = operation.metadata;
        if (operation.type && operation.type !== target.type) details.type = operation.type;
        entry(target, {
          event: "UPDATE",
          previousValue: target.memory,
          newValue: memory,
          ...(Object.keys(details).length ? { details } : {}),
        });
        results.push({ id: target.id, memory, event: "UPDATE", previousMemory: target.memory });
        break;
      }
      case "DELETE":
        batch.deletes.push(operation.target.id);
        entry(operation.target, { event: "DELETE", previousValue: operation.target.memory, newValue: null });
        results.push({
          id: operation.target.id,
          memory: operation.target.memory,
          event: "DELETE",
          previousMemory: operation.target.memory,
        });
        break;
      case "NONE":
        results.push({ id: operation.target.id, memory: operation.target.memory, event: "NONE" });
        break;
    }
  }
  if (batch.upserts.length || batch.deletes.length || batch.history.length) await context.store.write(batch);
  return results;
}
