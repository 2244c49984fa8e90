import { InvalidArgumentError, ModelTimeoutError } from "../errors/index.js";
import type { MaybePromise } from "../types.js";
import type { ChatModel } from "./chat-model.js";

/** How long one embedder call may take before it is abandoned, in ms. */
export const defaultEmbedderTimeoutMs = 30_000;

/** How long one chat model call may take before it is cancelled, in ms. */
export const defaultLlmTimeoutMs = 60_000;

/** The longest timeout a timer can wait (about 24.8 days); longer ones would fire at once. */
export const maxTimeoutMs = 2_147_483_647;

/** Checks a timeout option: a whole number of ms from 1 to `maxTimeoutMs`, or absent (the default). */
export function checkTimeout(value: unknown, argument: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > maxTimeoutMs) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number of milliseconds from 1 to ${maxTimeoutMs}, got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

/** What `withTimeout` needs to know about the call. */
export interface TimeoutSettings {
  /** The embedder's or model's name, for the error. */
  model: string;
  /** What the call does, e.g. "embed 3 texts", for the error. */
  what: string;
  /** The timeout in ms. */
  timeoutMs: number;
  /** What the caller should do about it, for the error. */
  advice: string;
}

/**
 * Runs a model call with a deadline: the call gets an AbortSignal that aborts when the time is up, and the promise
 * rejects with a ModelTimeoutError then, whether or not the call honours the signal (a late answer is ignored).
 */
export async function withTimeout<T>(
  call: (signal: AbortSignal) => MaybePromise<T>,
  settings: TimeoutSettings,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ModelTimeoutError({
        model: settings.model,
        timeoutMs: settings.timeoutMs,
        message: `"${settings.model}" did not ${settings.what} within ${settings.timeoutMs} ms, so the call was abandoned and nothing was written. ${settings.advice}`,
      });
      controller.abort(error);
      reject(error);
    }, settings.timeoutMs);
  });
  // A synchronous call (a local embedder) runs to its end before any timer can fire, so it is never cut short.
  const running = Promise.resolve().then(() => call(controller.signal));
  // A call that fails after its deadline has nobody waiting for it; its failure must not surface as unhandled.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The model with a deadline on every `generate` call: the request's `abortSignal` aborts when the time is up (and
 * still aborts when the caller's own signal does), and the call rejects with a ModelTimeoutError.
 */
export function withModelTimeout(model: ChatModel, timeoutMs: number): ChatModel {
  return {
    specificationVersion: model.specificationVersion,
    name: model.name,
    generate: (request) =>
      withTimeout(
        (signal) =>
          model.generate({
            ...request,
            abortSignal: request.abortSignal ? AbortSignal.any([request.abortSignal, signal]) : signal,
          }),
        {
          model: model.name,
          what: "answer",
          timeoutMs,
          advice: "Check that the model server is up, or raise llmTimeoutMs.",
        },
      ),
  };
}
