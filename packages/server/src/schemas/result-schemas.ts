import { z } from "@hono/zod-openapi";
import { historyEntrySchema, memoryItemSchema } from "./memory-schemas.js";

/** What deleteAll did. */
export const deleteAllResultSchema = z
  .object({ deleted: z.number().int(), refused: z.number().int().optional() })
  .openapi("DeleteAllResult");

/** A memory's history, oldest first. */
export const historyResultSchema = z
  .object({ results: z.array(historyEntrySchema) })
  .openapi("HistoryResult");

/** Everything held about a scope. */
export const exportResultSchema = z
  .object({
    scope: z.record(z.string(), z.string()),
    exportedAt: z.string(),
    memories: z.array(memoryItemSchema),
    history: z.array(historyEntrySchema),
  })
  .openapi("MemoryExport");

/** A prompt block of relevant memories. */
export const contextResultSchema = z
  .object({
    text: z.string(),
    ids: z.array(z.string()),
    memories: z.array(memoryItemSchema),
    tokens: z.number(),
  })
  .openapi("BuildContextResult");

/** What feedback did. */
export const feedbackResultSchema = z
  .object({ memory: memoryItemSchema, correctionId: z.string().optional() })
  .openapi("FeedbackResult");

/** What purgeExpired did. */
export const purgeResultSchema = z
  .object({ purged: z.number().int(), refused: z.number().int().optional() })
  .openapi("PurgeExpiredResult");

/** One planned or applied consolidation step. */
const consolidationStepSchema = z.object({
  id: z.string(),
  op: z.enum(["SUPERSEDE", "MERGE", "SUMMARIZE", "EXPIRE", "ARCHIVE"]),
  memoryIds: z.array(z.string()),
  targetId: z.string().optional(),
  memory: z.string().optional(),
  expiresAt: z.string().optional(),
  reason: z.string(),
  by: z.enum(["rules", "model"]),
  status: z.enum(["planned", "applied", "refused", "conflict"]),
});

/** What a consolidation run planned and did. */
export const consolidationReportSchema = z
  .object({
    steps: z.array(consolidationStepSchema),
    applied: z.number().int(),
    refused: z.number().int(),
    conflicts: z.number().int(),
    borderline: z.number().int(),
    model: z.object({
      calls: z.number(),
      promptTokens: z.number(),
      maxPromptTokens: z.number(),
      failures: z.number(),
    }),
    dryRun: z.boolean(),
    done: z.boolean(),
    cursor: z.string().optional(),
  })
  .openapi("ConsolidationReport");

/** What a maintenance run did. */
export const maintainReportSchema = z
  .object({
    archived: z.array(z.string()),
    purged: z.number().int(),
    refused: z.number().int(),
    dryRun: z.boolean(),
    consolidation: consolidationReportSchema,
  })
  .openapi("MaintainReport");

/** One page of the access log. */
export const accessLogPageSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        operation: z.enum(["search", "get", "getAll", "buildContext"]),
        actor: z.string(),
        createdAt: z.string(),
        userId: z.string().optional(),
        agentId: z.string().optional(),
        runId: z.string().optional(),
        query: z.string().optional(),
        memoryIds: z.array(z.string()),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .openapi("AccessLogPage");
