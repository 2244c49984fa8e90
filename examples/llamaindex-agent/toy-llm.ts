// A stand-in for a real LLM (swap in `openai({ model: "gpt-4o-mini" })` from @llamaindex/openai): a tiny
// tool-calling LLM that answers from the memories Engram put into its messages, so the example runs offline.
import {
  type ChatMessage,
  type ChatResponse,
  type ChatResponseChunk,
  type LLMChatParamsNonStreaming,
  type LLMChatParamsStreaming,
  type LLMMetadata,
  ToolCallLLM,
  type ToolCallLLMMessageOptions,
} from "@llamaindex/core/llms";

type Reply = { text: string; options?: ToolCallLLMMessageOptions };

const text = (message: ChatMessage | undefined): string =>
  typeof message?.content === "string" ? message.content : "";

/** The memory lines ("- …") of the system messages in the LLM's input. */
export function memoriesIn(messages: ChatMessage[]): string[] {
  return messages
    .filter((message) => message.role === "system")
    .flatMap((message) => text(message).split("\n"))
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
}

function decide(messages: ChatMessage[]): Reply {
  const last = messages.at(-1);
  const isToolResult =
    typeof last?.options === "object" && last.options !== null && "toolResult" in last.options;
  if (isToolResult) return { text: "Saved to your long-term memory." };
  const request = text(last);
  const remember = request.match(/^please remember that (.+)$/iu);
  if (remember)
    return {
      text: "",
      options: { toolCall: [{ id: "call-1", name: "addMemory", input: { memory: remember[1]! } }] },
    };
  if (!request.includes("?")) return { text: "Thanks, I'll keep that in mind." };
  const allergy = memoriesIn(messages).find((memory) => /allergic/iu.test(memory));
  return {
    text: allergy
      ? `Remembering "${allergy}", I suggest a peanut-free green curry.`
      : "How about a classic pad thai?",
  };
}

/** Creates the toy LLM; `onCall` sees every call's messages (the example prints what was retrieved). */
export class ToyLLM extends ToolCallLLM {
  supportToolCall = true;
  metadata: LLMMetadata = {
    model: "toy",
    temperature: 0,
    topP: 1,
    contextWindow: 32_000,
    tokenizer: undefined,
    structuredOutput: false,
  };

  constructor(private readonly onCall: (messages: ChatMessage[]) => void = () => {}) {
    super();
  }

  chat(
    params: LLMChatParamsStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>>>;
  chat(
    params: LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<ChatResponse<ToolCallLLMMessageOptions>>;
  async chat(
    params:
      | LLMChatParamsStreaming<object, ToolCallLLMMessageOptions>
      | LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<
    AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>> | ChatResponse<ToolCallLLMMessageOptions>
  > {
    this.onCall(params.messages);
    const reply = decide(params.messages);
    if (!params.stream)
      return { message: { role: "assistant", content: reply.text, options: reply.options }, raw: null };
    return (async function* () {
      for (const delta of reply.text ? reply.text.split(/(?<= )/u) : [""])
        yield { delta, raw: null, options: reply.options };
    })();
  }
}
