import { z } from "@hono/zod-openapi";
import { queryInteger } from "../schemas/common-schemas.js";

const entities = {
  user_id: z.string().nullable().optional(),
  agent_id: z.string().nullable().optional(),
  run_id: z.string().nullable().optional(),
  session_id: z.string().nullable().optional(),
  app_id: z.string().nullable().optional(),
};

const mem0Filters = z.record(z.string(), z.unknown()).openapi({
  description:
    'Mem0 filters, e.g. { "AND": [{ "user_id": "alice" }, { "created_at": { "gte": "2026-01-01" } }] }.',
});

/** A Mem0 add request. */
export const mem0AddBodySchema = z
  .looseObject({
    messages: z.union([z.string(), z.array(z.looseObject({ role: z.string(), content: z.unknown() }))]),
    ...entities,
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    infer: z.boolean().optional().openapi({ description: "Extract memories (Mem0's default: true)." }),
    expiration_date: z.string().nullable().optional(),
    filters: mem0Filters.optional().openapi({
      description: 'Who the memories belong to, as Mem0\'s v3 clients send it: { "user_id": "alice" }.',
    }),
    timestamp: z.number().nullable().optional().openapi({
      description: "When the messages were said, in Unix seconds; the memories are valid from then.",
    }),
  })
  .openapi("Mem0AddRequest");

/** A Mem0 search request. */
export const mem0SearchBodySchema = z
  .looseObject({
    query: z.string(),
    filters: mem0Filters.optional(),
    top_k: z.number().int().optional(),
    limit: z.number().int().optional(),
    threshold: z.number().nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    categories: z.array(z.string()).nullable().optional(),
    show_expired: z.boolean().optional(),
    rerank: z.boolean().optional(),
    ...entities,
  })
  .openapi("Mem0SearchRequest");

/** A Mem0 list request (v2/v3: a POST body with filters). */
export const mem0ListBodySchema = z
  .looseObject({
    filters: mem0Filters.optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    categories: z.array(z.string()).nullable().optional(),
    start_date: z.string().optional(),
    end_date: z.string().optional(),
    show_expired: z.boolean().optional(),
    ...entities,
  })
  .openapi("Mem0ListRequest");

/** The pages of a Mem0 list. */
export const mem0PageQuerySchema = z.object({
  page: queryInteger.optional(),
  page_size: queryInteger.optional(),
});

/** The entity parameters of a Mem0 delete-all. */
export const mem0EntityQuerySchema = z.looseObject({ ...entities });

/** A Mem0 update. */
export const mem0UpdateBodySchema = z
  .looseObject({
    text: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    expiration_date: z.string().nullable().optional(),
  })
  .openapi("Mem0UpdateRequest");

/** A Mem0 feedback. */
export const mem0FeedbackBodySchema = z
  .looseObject({
    memory_id: z.string(),
    feedback: z.enum(["POSITIVE", "NEGATIVE", "VERY_NEGATIVE"]).nullable().optional(),
    feedback_reason: z.string().nullable().optional(),
  })
  .openapi("Mem0FeedbackRequest");

/** A Mem0 batch update or delete. */
export const mem0BatchBodySchema = z
  .looseObject({
    memories: z.array(z.looseObject({ memory_id: z.string(), text: z.string().optional() })).max(1000),
  })
  .openapi("Mem0BatchRequest");

/** The id path parameter of Mem0's by-id routes. */
export const mem0IdParams = z.object({
  memory_id: z
    .string()
    .min(1)
    .openapi({ param: { name: "memory_id", in: "path" } }),
});

/** The entity path parameters of Mem0's entity routes. */
export const mem0EntityParams = z.object({
  entity_type: z.string().openapi({ param: { name: "entity_type", in: "path" }, example: "user" }),
  entity_id: z
    .string()
    .min(1)
    .openapi({ param: { name: "entity_id", in: "path" }, example: "alice" }),
});

/** Mem0 answers of the form `{ message }`, and everything else: the route docs describe them in words. */
export const mem0AnswerSchema = z.record(z.string(), z.unknown()).openapi("Mem0Answer");

/** A Mem0 answer that is a list (history). */
export const mem0ListAnswerSchema = z.array(z.record(z.string(), z.unknown()));
