import { z } from "@hono/zod-openapi";
import { queryInteger, queryScope } from "./common-schemas.js";

/** The query of `GET /v1/scopes`: a filter on the scope fields, a page size and a cursor. */
export const scopesQuerySchema = z.looseObject({
  ...queryScope,
  limit: queryInteger.optional(),
  cursor: z.string().optional(),
});

const count = z.number().int();

/** One page of scopes with their memory counts. */
export const scopesPageSchema = z
  .object({
    scopes: z.array(
      z.object({
        userId: z.string().optional(),
        agentId: z.string().optional(),
        runId: z.string().optional(),
        counts: z.object({
          total: count,
          active: count,
          pending: count,
          superseded: count,
          merged: count,
          archived: count,
          expired: count,
        }),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .openapi("ScopesPage");
