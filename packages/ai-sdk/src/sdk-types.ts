import type { LanguageModelMiddleware } from "ai";

// Every SDK type is derived from the installed `ai` package's `LanguageModelMiddleware`, so the same source
// compiles against ai 6 (the V3 model specification) and ai 7 (V4) without importing either provider package.

type TransformParams = NonNullable<LanguageModelMiddleware["transformParams"]>;
type WrapGenerate = NonNullable<LanguageModelMiddleware["wrapGenerate"]>;
type WrapStream = NonNullable<LanguageModelMiddleware["wrapStream"]>;

/** The call options a middleware receives (`LanguageModelV3CallOptions` in ai 6, V4 in ai 7). */
export type CallOptions = Parameters<TransformParams>[0]["params"];

/** The model-level prompt: system, user, assistant and tool messages. */
export type Prompt = CallOptions["prompt"];

/** One message of the model-level prompt. */
export type PromptMessage = Prompt[number];

/** The options passed to `wrapGenerate`. */
export type WrapGenerateOptions = Parameters<WrapGenerate>[0];

/** The options passed to `wrapStream`. */
export type WrapStreamOptions = Parameters<WrapStream>[0];

/** The result of a model's `doGenerate`. */
export type GenerateResult = Awaited<ReturnType<WrapGenerate>>;

/** The result of a model's `doStream`. */
export type StreamResult = Awaited<ReturnType<WrapStream>>;

/** One part of a model's output stream. */
export type StreamPart = StreamResult["stream"] extends ReadableStream<infer TPart> ? TPart : never;
