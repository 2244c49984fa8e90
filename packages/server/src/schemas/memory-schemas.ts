import { z } from "@hono/zod-openapi";
import { metadataSchema } from "./common-schemas.js";

/** A memory as the API returns it. */
export const memoryItemSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    memory: z.string(),
    type: z.string(),
    hash: z.string(),
    metadata: metadataSchema,
    userId: z.string().optional(),
    agentId: z.string().optional(),
    runId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sources: z.array(z.record(z.string(), z.unknown())),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    supersededBy: z.string().optional(),
    mergedInto: z.string().optional(),
    derivedFrom: z.array(z.string()).optional(),
    slot: z.string().optional(),
    context: z.string().optional(),
    expiresAt: z.string().optional(),
    archivedAt: z.string().optional(),
    pending: z.literal(true).optional(),
    importance: z.number().optional(),
    accessCount: z.number().optional(),
    lastAccessedAt: z.string().optional(),
    state: z.enum(["active", "pending", "superseded", "merged", "archived", "expired"]),
  })
  .openapi("MemoryItem");

/** A search hit: a memory with its score (and the score's parts with `explain`). */
export const scoredMemoryItemSchema = memoryItemSchema
  .extend({ score: z.number(), explanation: z.record(z.string(), z.unknown()).optional() })
  .openapi("ScoredMemoryItem");

/** One audit entry of a memory. */
export const historyEntrySchema = z
  .object({
    id: z.string(),
    memoryId: z.string(),
    event: z.string(),
    previousValue: z.string().nullable(),
    newValue: z.string().nullable(),
    actor: z.string(),
    createdAt: z.string(),
    userId: z.string().optional(),
    agentId: z.string().optional(),
    runId: z.string().optional(),
    details: metadataSchema.optional(),
    erased: z.literal(true).optional(),
  })
  .openapi("HistoryEntry");

/** What add (and addEvent) did. */
export const addResultSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        memory: z.string(),
        event: z.enum(["ADD", "UPDATE", "DELETE", "NONE"]),
        previousMemory: z.string().optional(),
        superseded: z.array(z.string()).optional(),
        pending: z.literal(true).optional(),
      }),
    ),
    skipped: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .openapi("AddResult");

/** A search's hits, best first. */
export const searchResultSchema = z
  .object({ results: z.array(scoredMemoryItemSchema) })
  .openapi("SearchResult");

/** One page of memories, newest first. */
export const memoryPageSchema = z
  .object({ results: z.array(memoryItemSchema), nextCursor: z.string().optional() })
  .openapi("MemoryPage");

/** A forgotten memory. */
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) }).openapi("Deleted");
