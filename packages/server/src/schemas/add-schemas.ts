import { z } from "@hono/zod-openapi";
import { bodyScope, metadataSchema } from "./common-schemas.js";

const chatMessageSchema = z.looseObject({
  role: z.string().openapi({ example: "user" }),
  content: z.union([
    z.string(),
    z.array(z.looseObject({ type: z.string().optional(), text: z.string().optional() })),
  ]),
  id: z.string().optional(),
  name: z.string().optional(),
  timestamp: z
    .union([z.string(), z.number()])
    .optional()
    .openapi({ description: "When it was said: ISO 8601 with a zone, or epoch milliseconds." }),
});

/** Settings of verbatim and inferred adds shared with addEvent. */
const writeSettings = {
  metadata: metadataSchema.optional(),
  actor: z.string().optional(),
  source: z.looseObject({ runId: z.string().optional() }).optional(),
  expiresAt: z.string().nullable().optional().openapi({ description: "ISO 8601, or null for never." }),
  importance: z.number().optional(),
};

/** The body of `POST /v1/memories`: `messages` (chat messages or a string) or `text`, a scope and add options. */
export const addBodySchema = z
  .looseObject({
    messages: z.union([z.string(), z.array(chatMessageSchema)]).optional(),
    text: z.string().optional().openapi({ example: "I'm vegetarian" }),
    ...bodyScope,
    ...writeSettings,
    type: z.string().optional(),
    infer: z.boolean().optional(),
    deduplicate: z
      .union([z.boolean(), z.literal("exact")])
      .optional()
      .openapi({
        description: 'true: exact and near-duplicates are NONE; "exact": only exact ones; false: none.',
      }),
    contextWindow: z
      .union([
        z.number().int(),
        z.strictObject({ before: z.number().int().optional(), after: z.number().int().optional() }),
      ])
      .optional()
      .openapi({
        description: "Neighbouring messages indexed with each message: n before, or { before, after }.",
      }),
    timestamp: z.string().optional().openapi({
      description: "When the messages were said (ISO 8601 with a zone), for messages without one.",
    }),
  })
  .openapi("AddRequest");

/** The body of `POST /v1/events`: the agent event, a scope and the episode's settings. */
export const addEventBodySchema = z
  .looseObject({
    event: z.looseObject({
      kind: z.enum(["tool", "event"]),
      name: z.string().openapi({ example: "book_table" }),
      text: z.string().optional(),
      input: z.unknown().optional(),
      output: z.unknown().optional(),
    }),
    ...bodyScope,
    ...writeSettings,
  })
  .openapi("AddEventRequest");
