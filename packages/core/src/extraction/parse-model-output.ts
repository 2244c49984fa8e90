import { modelAnswerSchema, type ModelOperation, modelOperationSchema } from "./extraction-schema.js";

/** A model answer that could not be read; `problem` says why, for the retry prompt and the final error. */
export class ModelOutputProblem extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "ModelOutputProblem";
  }
}

/** A proposed operation that failed validation, kept so `add()` can report it. */
export interface InvalidModelOperation {
  /** Its position in the answer. */
  index: number;
  /** What the model wrote. */
  value: unknown;
  /** What is wrong with it. */
  problem: string;
}

/** A parsed answer: the valid operations and the invalid ones. */
export interface ParsedModelOutput {
  /** Operations that passed validation, in answer order. */
  operations: ModelOperation[];
  /** Operations that did not. */
  invalid: InvalidModelOperation[];
}

const closers: Record<string, string> = { "{": "}", "[": "]" };

/** Strips reasoning blocks and code fences and returns the JSON text inside the answer. */
export function extractJsonText(text: string): string {
  let body = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/giu, "").trim();
  if (/^<(think|thinking|reasoning)>/iu.test(body)) {
    throw new ModelOutputProblem("the answer is an unfinished <think> block with no JSON after it");
  }
  const fence = /```[a-zA-Z]*\s*\n?([\s\S]*?)(?:```|$)/u.exec(body);
  if (fence) body = fence[1]!.trim();
  if (!body) throw new ModelOutputProblem("the answer is empty");
  const start = body.search(/[[{]/u);
  if (start < 0) throw new ModelOutputProblem("the answer contains no JSON object");
  const end = body.lastIndexOf(closers[body[start]!]!);
  if (end < start) throw new ModelOutputProblem("the JSON is incomplete (was the answer cut off?)");
  return body.slice(start, end + 1);
}

/** Parses and validates a model answer; throws ModelOutputProblem when the answer as a whole is unusable. */
export function parseModelOutput(text: string): ParsedModelOutput {
  const jsonText = extractJsonText(text);
  let value: unknown;
  try {
    value = JSON.parse(jsonText);
  } catch (error) {
    throw new ModelOutputProblem(
      `the answer is not valid JSON (${(error as Error).message}); it may have been cut off`,
    );
  }
  const answer = modelAnswerSchema.safeParse(value);
  if (!answer.success) {
    throw new ModelOutputProblem('the JSON does not have the shape {"operations": [...]}');
  }
  const result: ParsedModelOutput = { operations: [], invalid: [] };
  answer.data.operations.forEach((item, index) => {
    const operation = modelOperationSchema.safeParse(item);
    if (operation.success) result.operations.push(operation.data);
    else {
      const problem = operation.error.issues
        .map((issue) => `${issue.path.join(".") || "operation"}: ${issue.message}`)
        .join("; ");
      result.invalid.push({ index, value: item, problem });
    }
  });
  return result;
}
