import { getEncoding, type Tiktoken } from "js-tiktoken";

let encoding: Tiktoken | undefined;

/** Tokens in a text under OpenAI's o200k_base encoding (gpt-4o, gpt-4o-mini, gpt-4.1 family). */
export function countTokens(text: string): number {
  encoding ??= getEncoding("o200k_base");
  return encoding.encode(text).length;
}
