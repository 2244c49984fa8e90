import type { z } from "@hono/zod-openapi";
import { errorSchema } from "../schemas/common-schemas.js";

/** The security requirement of every authenticated route. */
export const apiKeySecurity = [{ apiKey: [] }];

/** A required JSON request body. */
export function jsonBody<TSchema extends z.ZodType>(schema: TSchema, required = true) {
  return { content: { "application/json": { schema } }, required } as const;
}

const errorContent = { "application/json": { schema: errorSchema } } as const;

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: { content: errorContent, description: "Invalid argument (`invalid_argument`)." },
  401: { content: errorContent, description: "Missing or unknown API key (`unauthorized`)." },
  403: { content: errorContent, description: "The key may not do this (`forbidden`, `write_rejected`)." },
  404: { content: errorContent, description: "No such memory in the scope (`not_found`)." },
  409: { content: errorContent, description: "Version conflict or duplicate (`version_conflict`)." },
  413: { content: errorContent, description: "Body too large (`payload_too_large`)." },
  500: { content: errorContent, description: "Server error (`internal`; 502, 503 for model and store)." },
} as const;

/** A 200 JSON response with the given schema, plus the error responses. */
export function jsonResponses<TSchema extends z.ZodType>(schema: TSchema, description: string) {
  return { 200: { content: { "application/json": { schema } }, description }, ...errorResponses } as const;
}
