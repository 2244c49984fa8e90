import { z } from "@hono/zod-openapi";
import {
  bodyScope,
  filterSchema,
  includeStates,
  queryBoolean,
  queryByIdScope,
  queryInteger,
  queryJson,
  queryList,
  queryScope,
} from "./common-schemas.js";

const rankingSettings = {
  filters: filterSchema.optional(),
  limit: z.number().int().optional(),
  threshold: z.number().optional(),
  minRelevance: z.number().optional(),
  types: z.array(z.string()).optional(),
  asOf: z.string().optional().openapi({ description: "ISO 8601: what was believed true then." }),
  include: includeStates.optional(),
  actor: z.string().optional(),
  policy: z.string().optional().openapi({ description: "A named retrieval policy (retrieval.policies)." }),
  rerank: z
    .boolean()
    .optional()
    .openapi({ description: "false skips the configured reranker for this call." }),
  maxAgeDays: z.number().optional(),
};

/** The body of `POST /v1/memories/search`. */
export const searchBodySchema = z
  .looseObject({
    query: z.string().openapi({ example: "what does alice eat?" }),
    ...bodyScope,
    ...rankingSettings,
    explain: z.boolean().optional(),
  })
  .openapi("SearchRequest");

/** The body of `POST /v1/context`. */
export const contextBodySchema = z
  .looseObject({
    query: z.string().openapi({ example: "plan my week" }),
    tokenBudget: z.number().int().openapi({ example: 400 }),
    ...bodyScope,
    ...rankingSettings,
  })
  .openapi("BuildContextRequest");

/** The query of `GET /v1/memories` and `GET /v1/memories/pending`. */
export const listQuerySchema = z.looseObject({
  ...queryScope,
  limit: queryInteger.optional(),
  cursor: z.string().optional(),
  types: queryList.optional(),
  asOf: z.string().optional(),
  includeInvalid: queryBoolean.optional(),
  include: queryList.optional(),
  filters: queryJson.optional(),
  actor: z.string().optional(),
});

/** The query of `GET /v1/memories/{id}`. */
export const getQuerySchema = z.looseObject({
  ...queryByIdScope,
  include: queryList.optional(),
  actor: z.string().optional(),
});

/** The query of `GET /v1/memories/{id}/history`. */
export const historyQuerySchema = z.looseObject({ ...queryByIdScope });

/** The query of `GET /v1/export`. */
export const exportQuerySchema = z.looseObject({ ...queryScope });

/** The query of `GET /v1/access-log`. */
export const accessLogQuerySchema = z.looseObject({
  ...queryScope,
  since: z.string().optional(),
  limit: queryInteger.optional(),
  cursor: z.string().optional(),
});
