import { z } from "zod";
import { parseModelDate } from "./temporal/model-date.js";

/** The operation kinds a model may return. */
export const modelEvents = ["ADD", "UPDATE", "DELETE", "NONE"] as const;

const upperCase = (value: unknown) => (typeof value === "string" ? value.trim().toUpperCase() : value);
const wholeNumber = (value: unknown) =>
  typeof value === "string" && /^\s*\d+\s*$/u.test(value) ? Number(value) : value;
const memoryNumber = z.preprocess(wholeNumber, z.number().int().nonnegative()).nullish();

const firstPresent = (input: Record<string, unknown>, keys: string[]) =>
  input[keys.find((key) => key in input) ?? keys[0]!];

// Models drift between field names (Mem0-style prompts use "memory" and "id"); accept the common aliases.
function unalias(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const input = value as Record<string, unknown>;
  return {
    event: firstPresent(input, ["event", "action", "operation", "op"]),
    text: firstPresent(input, ["text", "memory", "fact"]),
    type: input.type,
    target: firstPresent(input, ["target", "id"]),
    supersedes: firstPresent(input, ["supersedes", "replaces"]),
    importance: input.importance,
    date: firstPresent(input, ["date", "when"]),
  };
}

/** One operation as the model wrote it (validated leniently: case, numeric strings and aliases are accepted). */
export const modelOperationSchema = z.preprocess(
  unalias,
  z.object({
    event: z.preprocess(upperCase, z.enum(modelEvents)),
    text: z.string().nullish(),
    type: z.string().nullish(),
    target: memoryNumber,
    supersedes: memoryNumber,
    // An importance out of range or not a number is dropped (the offline estimate is used), not the operation.
    importance: z
      .preprocess((value) => (typeof value === "string" ? Number(value) : value), z.number().min(0).max(1))
      .nullish()
      .catch(null),
    // The date a fact started or an event happens (YYYY-MM-DD, YYYY-MM or YYYY); any other value is refused
    // (dropped, the operation kept) and the text's own time expressions are used.
    date: z
      .string()
      .refine((value) => parseModelDate(value) !== undefined)
      .nullish()
      .catch(null),
  }),
);

/** One validated model operation; numbers refer to the memories listed in the prompt. */
export type ModelOperation = z.infer<typeof modelOperationSchema>;

/** The answer's outer shape: `{ operations: [...] }` (a bare array and Mem0's `memory` key are accepted too). */
export const modelAnswerSchema = z.preprocess(
  (value) => {
    if (Array.isArray(value)) return { operations: value };
    if (typeof value === "object" && value !== null && !("operations" in value)) {
      const input = value as Record<string, unknown>;
      return { operations: input.memory ?? input.memories };
    }
    return value;
  },
  z.object({ operations: z.array(z.unknown()) }),
);

/** The JSON Schema sent to the model (strict-mode compatible: every field required, nullable where optional). */
export function operationsJsonSchema(types: string[]): Record<string, unknown> {
  const nullableNumber = { type: ["integer", "null"] };
  return {
    type: "object",
    properties: {
      operations: {
        type: "array",
        items: {
          type: "object",
          properties: {
            event: { type: "string", enum: [...modelEvents] },
            text: { type: "string" },
            type: { type: "string", enum: types },
            target: nullableNumber,
            supersedes: nullableNumber,
            importance: { type: ["number", "null"] },
            date: { type: ["string", "null"] },
          },
          required: ["event", "text", "type", "target", "supersedes", "importance", "date"],
          additionalProperties: false,
        },
      },
    },
    required: ["operations"],
    additionalProperties: false,
  };
}
