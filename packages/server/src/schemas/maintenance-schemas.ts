import { z } from "@hono/zod-openapi";
import { bodyByIdScope } from "./common-schemas.js";

const duration = z
  .union([z.string(), z.number()])
  .openapi({ description: 'A duration: "30d", "12h" or ms.' });

const archivePolicies = z.array(
  z.looseObject({ unaccessedFor: duration, types: z.array(z.string()).optional() }),
);

const policyFields = {
  merge: z.boolean().optional(),
  supersede: z.boolean().optional(),
  summarize: z
    .union([
      z.literal(false),
      z.looseObject({
        olderThan: duration.optional(),
        period: z.enum(["day", "week", "month"]).optional(),
        minMemories: z.number().int().optional(),
        types: z.array(z.string()).optional(),
        maxChars: z.number().int().optional(),
      }),
    ])
    .optional(),
  expire: z.boolean().optional(),
  useModel: z.boolean().optional(),
  maxModelCalls: z.number().int().optional(),
};

/** The body of `POST /v1/consolidate`. */
export const consolidateBodySchema = z
  .looseObject({
    ...bodyByIdScope,
    ...policyFields,
    dryRun: z.boolean().optional(),
    since: z.string().optional(),
    cursor: z.string().optional(),
    maxSteps: z.number().int().optional(),
    only: z.array(z.string()).optional(),
    archive: archivePolicies.optional(),
    actor: z.string().optional(),
  })
  .openapi("ConsolidateRequest");

/** The body of `POST /v1/maintain`. */
export const maintainBodySchema = z
  .looseObject({
    ...bodyByIdScope,
    archive: archivePolicies.optional(),
    purgeExpiredAfter: z.union([z.string(), z.number(), z.literal(false)]).optional(),
    consolidate: z.union([z.literal(false), z.looseObject(policyFields)]).optional(),
    dryRun: z.boolean().optional(),
    actor: z.string().optional(),
  })
  .openapi("MaintainRequest");

/** The body of `POST /v1/purge-expired`. */
export const purgeBodySchema = z
  .looseObject({ ...bodyByIdScope, olderThan: duration.optional(), actor: z.string().optional() })
  .openapi("PurgeExpiredRequest");
