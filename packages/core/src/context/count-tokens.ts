import type { Tiktoken } from "js-tiktoken/lite";

/** Counts the tokens of a text. */
export type TokenCounter = (text: string) => number;

let counter: Promise<TokenCounter> | undefined;

/**
 * Loads the o200k_base tokenizer (GPT-4o's; close enough for budgeting other models' prompts) once and returns a
 * synchronous counter. The 2 MB rank table loads on first use only, so importing core stays cheap.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  counter ??= (async () => {
    const [{ Tiktoken: TiktokenClass }, ranks] = await Promise.all([
      import("js-tiktoken/lite"),
      import("js-tiktoken/ranks/o200k_base"),
    ]);
    const encoder: Tiktoken = new TiktokenClass(ranks.default);
    // Special-token strings in user text are counted as plain text instead of throwing.
    return (text: string) => encoder.encode(text, [], []).length;
  })();
  return counter;
}

/** Counts the tokens of a text with the o200k_base tokenizer. */
export async function countTokens(text: string): Promise<number> {
  return (await loadTokenCounter())(text);
}
