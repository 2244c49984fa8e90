import { z } from "@hono/zod-openapi";

/** The states a read may include besides "active". */
export const includeStates = z
  .array(z.enum(["pending", "superseded", "merged", "archived", "expired"]))
  .openapi({ description: 'Also return memories in these states, e.g. ["archived"].' });

/** Metadata: free-form JSON (scope keys are refused by core). */
export const metadataSchema = z.record(z.string(), z.unknown()).openapi({ example: { topic: "food" } });

/** A filter on metadata and built-in fields: field conditions plus `$and`, `$or`, `$not`. */
export const filterSchema = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'Engram filter, e.g. { "metadata.topic": "food" } or { $or: [...] }.' });

/** The scope fields of a JSON body (core requires at least one, or the key pins it). */
export const bodyScope = {
  userId: z.string().optional().openapi({ example: "alice" }),
  agentId: z.string().optional(),
  runId: z.string().optional(),
};

/** The scope of a by-id or maintenance body: a scope, or `anyScope: true` for the tenant's maintenance tools. */
export const bodyByIdScope = { ...bodyScope, anyScope: z.literal(true).optional() };

/** A boolean query parameter: "true" or "false". */
export const queryBoolean = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .openapi({ type: "boolean" });

/** A whole-number query parameter. */
export const queryInteger = z.coerce.number().int();

/** A comma-separated list query parameter. */
export const queryList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .openapi({ description: "Comma-separated list.", example: "fact,preference" });

/** A JSON-valued query parameter, e.g. `filters`. */
export const queryJson = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: 'expected JSON, e.g. {"metadata.topic":"food"}.' });
      return z.NEVER;
    }
  })
  .openapi({ description: "JSON, URL-encoded." });

/** The scope fields of a query string. */
export const queryScope = {
  userId: z.string().optional().openapi({ example: "alice" }),
  agentId: z.string().optional(),
  runId: z.string().optional(),
};

/** The scope of a by-id query string: a scope, or `anyScope=true`. */
export const queryByIdScope = { ...queryScope, anyScope: queryBoolean.optional() };

/** The id path parameter. */
export const idParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, example: "3f1c…" }),
});

/** The optional `If-Match` header of by-id writes: the version the write expects. */
export const ifMatchHeaders = z.object({
  "if-match": z.string().optional().openapi({
    description: 'The version the write expects, e.g. "3" (a read\'s ETag); 409 when it moved on.',
  }),
});

/** The body of every error response. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_argument" }),
      message: z.string(),
      argument: z.string().optional(),
      memoryId: z.string().optional(),
      currentVersion: z.number().int().nullable().optional(),
      existingId: z.string().optional(),
    }),
  })
  .openapi("Error");
