import { EngramError, ExtractionError } from "../errors/index.js";
import { describeValue } from "../validate/describe-value.js";
import { findExactDuplicate } from "../memory/add-memories.js";
import { hashMemory } from "../memory/hash-memory.js";
import type { MemoryContext } from "../memory/memory-context.js";
import type { NormalizedMessage } from "../memory/normalize-messages.js";
import type { SearchOptions } from "../memory/memory-options.js";
import { searchMemories } from "../memory/search-memories.js";
import type { ChatModel, ChatModelRequest, ChatModelResult } from "../models/chat-model.js";
import type { MemoryRecord, Metadata, Scope } from "../types.js";
import { buildExtractionPrompt, defaultMemoryTypes } from "./build-extraction-prompt.js";
import { defaultMaxOperations, type ExtractionOptions } from "./extraction-options.js";
import { ModelOutputProblem, type ParsedModelOutput, parseModelOutput } from "./parse-model-output.js";
import type { ExtractionPlan } from "./plan-with-rules.js";
import { resolveModelOperations } from "./resolve-model-operations.js";
import { temporalSettings } from "./temporal/temporal-settings.js";

/** The current memories of the reconciliation scope most related to the new messages, best first. */
async function findRelated(
  context: MemoryContext,
  scope: Scope,
  messages: NormalizedMessage[],
  limit: number,
): Promise<MemoryRecord[]> {
  if (limit === 0) return [];
  const userText = messages
    .filter((message) => message.source.role === "user")
    .map((message) => message.text);
  const query = (userText.length ? userText : messages.map((message) => message.text))
    .join("\n")
    .slice(-4000);
  const { results } = await searchMemories(context, query, { ...scope, limit } as SearchOptions);
  const ids = results.slice(0, limit).map((item) => item.id);
  if (!ids.length) return [];
  const records = new Map((await context.store.get(ids, scope)).map((record) => [record.id, record]));
  return ids.map((id) => records.get(id)).filter((record): record is MemoryRecord => record !== undefined);
}

/**
 * Calls the model and checks the answer's shape: a ChatModel that answers without a string `text` is broken
 * (not merely a model that wrote bad JSON), so it fails at once with an ExtractionError instead of a TypeError.
 */
async function ask(model: ChatModel, request: ChatModelRequest): Promise<ChatModelResult> {
  let answer: unknown;
  try {
    answer = await model.generate(request);
  } catch (cause) {
    // A provider's own errors (EngramErrors) pass through; anything else a ChatModel throws is wrapped.
    if (EngramError.isInstance(cause)) throw cause;
    throw new ExtractionError({
      message: `Model "${model.name}" failed: ${cause instanceof Error ? cause.message : describeValue(cause)}. Check the model's connection and settings, or add without infer; the original error is the cause.`,
      text: "",
      cause,
    });
  }
  let text: unknown;
  let finishReason: unknown;
  try {
    text = (answer as { text?: unknown } | null | undefined)?.text;
    finishReason = (answer as { finishReason?: unknown } | null | undefined)?.finishReason;
  } catch (cause) {
    throw new ExtractionError({
      message: `Model "${model.name}" returned an answer that could not be read; a ChatModel's generate() must return { text: string }.`,
      text: "",
      cause,
    });
  }
  if (typeof text !== "string") {
    throw new ExtractionError({
      message: `Model "${model.name}" returned ${answer === null || typeof answer !== "object" ? describeValue(answer) : `an answer whose text is ${describeValue(text)}`}; a ChatModel's generate() must return { text: string } (the raw answer). Fix the ChatModel implementation.`,
      text: "",
    });
  }
  return typeof finishReason === "string" ? { text, finishReason } : { text };
}

/** Refuses an answer proposing more operations than one add may apply (a runaway or injected answer). */
function checkOperationCount(
  model: ChatModel,
  answer: ChatModelResult,
  parsed: ParsedModelOutput,
  maxOperations: number,
): ParsedModelOutput {
  const count = parsed.operations.length + parsed.invalid.length;
  if (count <= maxOperations) return parsed;
  throw new ExtractionError({
    message: `Model "${model.name}" proposed ${count} memory operations in one answer, more than extraction.maxOperations (${maxOperations}), so none was applied. Add long conversations in smaller parts, or raise extraction.maxOperations. The raw answer is in error.text.`,
    text: answer.text,
  });
}

/** Asks the model once; a malformed answer is retried once with the problem explained, then ExtractionError. */
async function generateOperations(
  model: ChatModel,
  request: ChatModelRequest,
  maxOperations: number,
): Promise<ParsedModelOutput> {
  let answer: ChatModelResult = await ask(model, request);
  let problem: string;
  try {
    return checkOperationCount(model, answer, parseModelOutput(answer.text), maxOperations);
  } catch (error) {
    if (!(error instanceof ModelOutputProblem)) throw error;
    problem = error.problem;
  }
  const retry: ChatModelRequest = {
    ...request,
    messages: [
      ...request.messages,
      { role: "assistant", content: answer.text.slice(0, 2000) },
      {
        role: "user",
        content: `That answer could not be used: ${problem}. Answer again with only the complete JSON object.`,
      },
    ],
  };
  answer = await ask(model, retry);
  try {
    return checkOperationCount(model, answer, parseModelOutput(answer.text), maxOperations);
  } catch (error) {
    if (!(error instanceof ModelOutputProblem)) throw error;
    const advice =
      answer.finishReason === "length"
        ? "The answer was cut off (finish reason: length): raise extraction.maxOutputTokens."
        : "Check that the model can produce JSON (a larger or instruction-tuned model helps), or add without infer.";
    throw new ExtractionError({
      message: `Model "${model.name}" did not return usable memory operations after 2 attempts: ${error.problem}. ${advice} The raw answer is in error.text.`,
      text: answer.text,
      cause: error,
    });
  }
}

/**
 * Plans `add(…, { infer: true })` with a model: one search for related memories of the same scope, exactly one
 * model call (two if the first answer is malformed), then validation of every proposed operation.
 */
export async function planWithModel(
  context: MemoryContext,
  scope: Scope,
  messages: NormalizedMessage[],
  metadata: Metadata,
  model: ChatModel,
  options: ExtractionOptions,
): Promise<ExtractionPlan> {
  if (!messages.length) return { operations: [], skipped: [] };
  const related = await findRelated(context, scope, messages, options.relatedMemories ?? 10);
  const types = options.types ?? defaultMemoryTypes;
  const request = buildExtractionPrompt({
    messages: messages.map((message) => ({
      role: message.source.role ?? "user",
      text: message.text,
      ...(message.source.timestamp ? { timestamp: message.source.timestamp } : {}),
    })),
    memories: related.map((record) => ({ memory: record.memory, type: record.type })),
    types,
    now: context.now(),
    ...(options.customInstructions ? { customInstructions: options.customInstructions } : {}),
    ...(options.maxOutputTokens ? { maxOutputTokens: options.maxOutputTokens } : {}),
  });
  const parsed = await generateOperations(model, request, options.maxOperations ?? defaultMaxOperations);
  const plan = await resolveModelOperations(parsed.operations, {
    related,
    types: types.map((type) => type.name),
    metadata,
    sources: messages.map((message) => message.source),
    findDuplicate: (text) => findExactDuplicate(context, scope, hashMemory(text)),
    temporal: await temporalSettings(options, context.now()),
  });
  for (const invalid of parsed.invalid) {
    plan.skipped.push({
      reason: "invalid",
      event: String((invalid.value as { event?: unknown })?.event ?? "unknown"),
      detail: invalid.problem,
    });
  }
  return plan;
}
