import { z } from "@hono/zod-openapi";
import { bodyByIdScope, metadataSchema, queryByIdScope, queryInteger, queryScope } from "./common-schemas.js";

const guardSettings = {
  actor: z.string().optional(),
  expectedVersion: z
    .number()
    .int()
    .optional()
    .openapi({ description: "Refuse with 409 unless the memory is at this version (or send If-Match)." }),
};

/** The body of `PATCH /v1/memories/{id}`: the changes, the scope and the write settings. */
export const updateBodySchema = z
  .looseObject({
    memory: z.string().optional().openapi({ example: "Lives in Porto" }),
    metadata: metadataSchema.optional(),
    type: z.string().optional(),
    expiresAt: z.string().nullable().optional(),
    importance: z.number().optional(),
    ...bodyByIdScope,
    ...guardSettings,
    redact: z.boolean().optional(),
  })
  .openapi("UpdateRequest");

/** The body of the by-id actions (archive, restore, approve, reject): the scope and the write settings. */
export const byIdActionBodySchema = z
  .looseObject({ ...bodyByIdScope, ...guardSettings })
  .openapi("ByIdRequest");

/** The body of `POST /v1/memories/{id}/feedback`. */
export const feedbackBodySchema = z
  .looseObject({
    helpful: z.boolean(),
    note: z.string().optional(),
    correction: z.string().optional(),
    ...bodyByIdScope,
    ...guardSettings,
  })
  .openapi("FeedbackRequest");

/** The query of `DELETE /v1/memories/{id}`. */
export const deleteQuerySchema = z.looseObject({
  ...queryByIdScope,
  actor: z.string().optional(),
  expectedVersion: queryInteger.optional(),
});

/** The query of `DELETE /v1/memories` (every memory of a scope). */
export const deleteAllQuerySchema = z.looseObject({ ...queryScope, actor: z.string().optional() });
