import type { ChatModel } from "@engram/core";

/** Where the models come from (defaults: the environment). */
export interface LlmEnvironment {
  /** API key. @default process.env.OPENAI_API_KEY */
  apiKey?: string;
  /** Base URL of an OpenAI-compatible server. @default process.env.OPENAI_BASE_URL */
  baseURL?: string;
  /** Answering and extraction model. @default process.env.ENGRAM_LLM_MODEL ?? "gpt-4o-mini" */
  model?: string;
  /** Judge model. @default process.env.ENGRAM_JUDGE_MODEL ?? the answering model */
  judgeModel?: string;
}

/**
 * Builds the answer/extraction model and the judge with `@engram/provider-openai` (any OpenAI-compatible server);
 * returns the reason when no server is configured.
 */
export async function loadLlm(
  environment: LlmEnvironment = {},
): Promise<{ model: ChatModel; judge: ChatModel } | string> {
  const apiKey = environment.apiKey ?? process.env.OPENAI_API_KEY;
  const baseURL = environment.baseURL ?? process.env.OPENAI_BASE_URL;
  if (!apiKey && !baseURL)
    return "set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama).";
  // Loaded lazily: the openai client is only needed when an LLM is used.
  const { createOpenAIChatModel } = await import("@engram/provider-openai");
  const model = environment.model ?? process.env.ENGRAM_LLM_MODEL ?? "gpt-4o-mini";
  const judgeModel = environment.judgeModel ?? process.env.ENGRAM_JUDGE_MODEL ?? model;
  const connection = { ...(apiKey ? { apiKey } : {}), ...(baseURL ? { baseURL } : {}) };
  return {
    model: createOpenAIChatModel({ ...connection, model }),
    judge: createOpenAIChatModel({ ...connection, model: judgeModel }),
  };
}
