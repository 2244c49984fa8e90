import {
  type ChatModel,
  type ChatModelRequest,
  type ChatModelResult,
  EngramError,
  InvalidArgumentError,
} from "@engram/core";
import { APIError } from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { type OpenAIClientOptions, resolveClient } from "./client-options.js";
import { type FailureContext, providerError, unexpectedResponse } from "./provider-error.js";

/** How the answer's JSON shape is requested. */
export type StructuredOutputMode = "json_schema" | "json_object" | "prompt";

/** Options of `createOpenAIChatModel()`. */
export interface OpenAIChatModelOptions extends OpenAIClientOptions {
  /** The model name, e.g. "gpt-4o-mini", or "qwen2.5:7b" on Ollama. */
  model: string;
  /**
   * How to ask for JSON: "auto" tries json_schema, then json_object, then a schema in the prompt, and remembers
   * what the server accepted. @default "auto"
   */
  structuredOutput?: "auto" | StructuredOutputMode;
  /** Sampling temperature when the request sets none. */
  temperature?: number;
  /** Answer token limit when the request sets none. */
  maxOutputTokens?: number;
  /** The request field for the answer limit; OpenAI's reasoning models need "max_completion_tokens". @default "max_tokens" */
  maxTokensParameter?: "max_tokens" | "max_completion_tokens";
}

const fallbackOrder: StructuredOutputMode[] = ["json_schema", "json_object", "prompt"];

/** True when a 4xx answer means "this server does not support that response_format" rather than a real error. */
function isUnsupportedFormat(error: unknown): boolean {
  if (!(error instanceof APIError) || ![400, 404, 415, 422, 500, 501].includes(error.status ?? 0))
    return false;
  const text = error.message.toLowerCase();
  if (/context length|maximum context|api key|model .*not found|does not exist/u.test(text)) return false;
  return /response_format|json_schema|json_object|schema|structured|not supported|unsupported|unknown|unrecognized|invalid/u.test(
    text,
  );
}

function withSchemaInstructions(
  request: ChatModelRequest,
  mode: StructuredOutputMode,
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = request.messages.map((message) => ({
    role: message.role,
    content: message.content,
  }));
  if (mode === "json_schema") return messages;
  const note = `\nAnswer with only a JSON object (no prose, no code fences) that matches this JSON Schema:\n${JSON.stringify(request.responseFormat.schema)}`;
  const system = messages.findIndex((message) => message.role === "system");
  if (system >= 0)
    messages[system] = { role: "system", content: `${messages[system]!.content as string}${note}` };
  else messages.unshift({ role: "system", content: note.trim() });
  return messages;
}

function responseFormat(
  request: ChatModelRequest,
  mode: StructuredOutputMode,
): ChatCompletionCreateParamsNonStreaming["response_format"] {
  if (mode === "json_schema") {
    return {
      type: "json_schema",
      json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: true },
    };
  }
  return mode === "json_object" ? { type: "json_object" } : undefined;
}

/**
 * Creates an Engram chat model over OpenAI's Chat Completions API or any OpenAI-compatible server, asking for
 * structured JSON output by JSON schema and falling back to JSON mode or a prompted schema where unsupported.
 * @example
 * const llm = createOpenAIChatModel({ model: "qwen2.5:7b", baseURL: "http://localhost:11434/v1" });
 * const memory = new Memory({ llm });
 */
export function createOpenAIChatModel(options: OpenAIChatModelOptions): ChatModel {
  if (typeof options?.model !== "string" || !options.model.trim()) {
    throw new InvalidArgumentError({
      argument: "options.model",
      message: 'expected a model name, e.g. "gpt-4o-mini".',
    });
  }
  const resolved = resolveClient(options);
  const failure: FailureContext = { kind: "chat model", model: options.model, ...resolved };
  const requested = options.structuredOutput ?? "auto";
  let mode: StructuredOutputMode = requested === "auto" ? "json_schema" : requested;

  const send = async (request: ChatModelRequest, current: StructuredOutputMode): Promise<ChatCompletion> => {
    const temperature = request.temperature ?? options.temperature;
    const maxTokens = request.maxOutputTokens ?? options.maxOutputTokens;
    const format = responseFormat(request, current);
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: options.model,
      messages: withSchemaInstructions(request, current),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { [options.maxTokensParameter ?? "max_tokens"]: maxTokens } : {}),
      ...(format ? { response_format: format } : {}),
    };
    return client().chat.completions.create(body, {
      timeout: resolved.timeout,
      maxRetries: resolved.maxRetries,
      ...(request.abortSignal ? { signal: request.abortSignal } : {}),
    });
  };
  const client = () => resolved.client;

  return {
    specificationVersion: "v1",
    name: `openai:${options.model}`,
    async generate(request: ChatModelRequest): Promise<ChatModelResult> {
      let completion: ChatCompletion;
      for (;;) {
        try {
          completion = await send(request, mode);
          break;
        } catch (error) {
          const next = fallbackOrder[fallbackOrder.indexOf(mode) + 1];
          if (requested === "auto" && next && isUnsupportedFormat(error)) {
            mode = next; // remembered: later calls start with what this server accepts
            continue;
          }
          throw providerError(error, failure);
        }
      }
      return toResult(completion, failure);
    },
  };
}

function toResult(completion: ChatCompletion, failure: FailureContext): ChatModelResult {
  const choice = (completion as Partial<ChatCompletion> | undefined)?.choices?.[0];
  if (!choice?.message) throw unexpectedResponse(completion, failure, "a chat completion");
  if (choice.message.refusal) {
    throw new EngramError({
      message: `[engram] [provider-openai] The chat model "${failure.model}" refused to answer: ${choice.message.refusal}. Adjust the instructions or use another model.`,
    });
  }
  const usage = completion.usage
    ? {
        usage: {
          inputTokens: completion.usage.prompt_tokens,
          outputTokens: completion.usage.completion_tokens,
        },
      }
    : {};
  return {
    text: choice.message.content ?? "",
    ...(choice.finish_reason ? { finishReason: choice.finish_reason } : {}),
    ...usage,
  };
}
