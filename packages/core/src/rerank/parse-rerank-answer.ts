import { z } from "zod";
import { extractJsonText, ModelOutputProblem } from "../extraction/parse-model-output.js";

const lenientNumber = (value: unknown) =>
  typeof value === "string" && value.trim() !== "" ? Number(value) : value;

/** One entry of the model's answer (numeric strings are accepted; `index` and `relevance` are common aliases). */
const entrySchema = z.preprocess(
  (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const entry = value as Record<string, unknown>;
    return { number: entry.number ?? entry.index ?? entry.id, score: entry.score ?? entry.relevance };
  },
  z.object({
    number: z.preprocess(lenientNumber, z.number().int().positive()),
    score: z.preprocess(lenientNumber, z.number().finite()),
  }),
);

/** The answer's outer shape: `{ "scores": [...] }`, or the bare array. */
const answerSchema = z.preprocess(
  (value) => (Array.isArray(value) ? { scores: value } : value),
  z.object({ scores: z.array(z.unknown()) }),
);

/**
 * Reads the model's scores, one per candidate number from 1 to `count`. Entries that are malformed, out of range
 * or repeated are ignored; candidates the model left out get a score below every other (they were not judged
 * relevant). Throws ModelOutputProblem when the answer has no usable score at all.
 */
export function parseRerankAnswer(text: string, count: number): number[] {
  let value: unknown;
  try {
    value = JSON.parse(extractJsonText(text));
  } catch (error) {
    if (error instanceof ModelOutputProblem) throw error;
    throw new ModelOutputProblem(`the answer is not valid JSON (${(error as Error).message})`);
  }
  const answer = answerSchema.safeParse(value);
  if (!answer.success) throw new ModelOutputProblem('the JSON does not have the shape {"scores": [...]}');
  const scores = new Map<number, number>();
  for (const item of answer.data.scores) {
    const entry = entrySchema.safeParse(item);
    if (entry.success && entry.data.number <= count && !scores.has(entry.data.number))
      scores.set(entry.data.number, entry.data.score);
  }
  if (scores.size === 0) throw new ModelOutputProblem("the answer scores none of the listed memories");
  const unjudged = Math.min(...scores.values()) - 1;
  return Array.from({ length: count }, (_, index) => scores.get(index + 1) ?? unjudged);
}
