import type { GenerateResult, Prompt, PromptMessage } from "./sdk-types.js";

/** The text parts of a prompt message, joined; system messages carry a plain string. */
export function messageText(message: PromptMessage): string {
  if (typeof message.content === "string") return message.content;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type === "text") texts.push(part.text);
  }
  return texts.join("\n");
}

/** The text of the latest user message in the prompt, or undefined when there is none (or it has no text). */
export function latestUserText(prompt: Prompt): string | undefined {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index]!;
    if (message.role === "user") return messageText(message).trim() || undefined;
  }
  return undefined;
}

/** True when the prompt ends with a user message, i.e. this model call starts a new turn (not a tool step). */
export function endsWithUserMessage(prompt: Prompt): boolean {
  return prompt.at(-1)?.role === "user";
}

/**
 * Inserts a system message right after the leading system messages and before the first non-system message.
 * Providers such as Google and Bedrock reject system messages that follow user or assistant messages, and
 * index 0 would put the memories ahead of the caller's own system prompt.
 */
export function insertSystemMessage(prompt: Prompt, content: string): Prompt {
  let position = 0;
  while (position < prompt.length && prompt[position]!.role === "system") position++;
  const message = { role: "system", content } as PromptMessage;
  return [...prompt.slice(0, position), message, ...prompt.slice(position)];
}

/** The text a generate call produced (text parts only; reasoning, files and tool calls are left out). */
export function generatedText(result: GenerateResult): string {
  const texts: string[] = [];
  for (const part of result.content) {
    if (part.type === "text") texts.push(part.text);
  }
  return texts.join("");
}
