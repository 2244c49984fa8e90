import {
  type ChatModel,
  type ChatModelRequest,
  createInMemoryStore,
  type Embedder,
  Memory,
} from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { createMem0Memory, type LangchainLikeMessage } from "../mem0/mem0-offline.js";
import { countTokens } from "../stats/tokens.js";

/** What one `add()` of a typical turn cost through the LLM pipeline. */
export interface PipelineCost {
  /** The system measured. */
  system: string;
  /** LLM calls made by the add. */
  llmCalls: number;
  /** Prompt (input) tokens over those calls, o200k_base. */
  promptTokens: number;
  /** Tokens of the JSON schema sent as the structured-output format (servers add it to the input). */
  schemaTokens: number;
  /** Characters of the system prompt(s) sent. */
  systemPromptChars: number;
  /** Embedding calls made by the add, and texts embedded. */
  embedCalls: number;
  /** Texts embedded by the add. */
  embeddedTexts: number;
  /** Existing memories shown to the model (mem0 always shows its top 10, with no similarity threshold). */
  relatedShown?: number;
  /** Why the number is missing or qualified, if it is. */
  note?: string;
}

/** The typical turn: one user message and the assistant's reply. */
export const typicalTurn = [
  {
    role: "user",
    content:
      "I moved to Porto last month and just started a new job at Globex as a data engineer. Can you recommend a few vegetarian restaurants near Ribeira? I'm allergic to peanuts.",
  },
  {
    role: "assistant",
    content:
      "Congratulations on the move and the new role! Near Ribeira, try Da Terra (vegetarian buffet), Essencia (plant-based tasting menu) and Black Mamba (vegan burgers). Ask each about peanut-free dishes.",
  },
];

/** The ten related memories already in the user's scope before the turn. */
export const relatedMemories = [
  "Lives in Lisbon",
  "Works at Initech as a backend developer",
  "Is vegetarian",
  "Is allergic to peanuts",
  "Prefers short answers in bullet points",
  "Enjoys trail running on weekends",
  "Has a sister named Ana whose birthday is on 3 May",
  "Is working on the billing migration this week",
  "Likes spicy ramen and falafel",
  "Hates meetings before 10am",
];

interface Counter {
  embedCalls: number;
  embeddedTexts: number;
}

/** The offline wink embedder (real word vectors, so "related memories" are actually related), counting calls. */
function countingEmbedder(counter: Counter): Embedder {
  const base = createWinkEmbedder();
  return {
    specificationVersion: "v1",
    name: base.name,
    dimensions: base.dimensions,
    embed(texts: string[]) {
      counter.embedCalls++;
      counter.embeddedTexts += texts.length;
      return base.embed(texts);
    },
  };
}

const messageText = (message: LangchainLikeMessage) =>
  typeof message.content === "string" ? message.content : JSON.stringify(message.content);
const messageType = (message: LangchainLikeMessage) =>
  message.getType?.() ?? message._getType?.() ?? "unknown";

/** Counts the memories in the "## Existing Memories" section (a JSON list) of mem0's extraction prompt. */
function mem0ExistingMemories(prompt: string): number {
  const section = /## Existing Memories\n([\s\S]*?)\n\n## /u.exec(prompt)?.[1];
  if (!section) return 0;
  try {
    const parsed: unknown = JSON.parse(section);
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

/** mem0ai v3 OSS `add(turn, { infer: true })` through a recording fake LangChain model. */
export async function measureMem0Pipeline(directory: string): Promise<PipelineCost> {
  const calls: LangchainLikeMessage[][] = [];
  const counter: Counter = { embedCalls: 0, embeddedTexts: 0 };
  const embedder = createWinkEmbedder();
  const memory = await createMem0Memory({
    dimensions: embedder.dimensions,
    directory,
    // mem0's langchain provider calls embedQuery/embedDocuments; both come through here, one text at a time.
    embed: (text) => {
      counter.embedCalls++;
      counter.embeddedTexts++;
      return Array.from((embedder.embed([text]) as Float32Array[])[0]!);
    },
    invoke: (messages) => {
      calls.push(messages);
      return {
        content: JSON.stringify({
          memory: [
            {
              id: "new",
              text: "Moved to Porto and works at Globex as a data engineer",
              attributed_to: "user",
            },
          ],
        }),
      };
    },
  });
  for (const text of relatedMemories) await memory.add(text, { userId: "alice", infer: false });
  calls.length = 0;
  counter.embedCalls = 0;
  counter.embeddedTexts = 0;
  await memory.add(typicalTurn, { userId: "alice", infer: true });
  const all = calls.flat();
  return {
    system: "mem0ai 3.3.1 (OSS v3 ADD-only pipeline)",
    llmCalls: calls.length,
    promptTokens: all.reduce((sum, message) => sum + countTokens(messageText(message)), 0),
    schemaTokens: 0,
    relatedShown: all.reduce((sum, message) => sum + mem0ExistingMemories(messageText(message)), 0),
    systemPromptChars: all
      .filter((message) => messageType(message) === "system")
      .reduce((sum, message) => sum + messageText(message).length, 0),
    embedCalls: counter.embedCalls,
    embeddedTexts: counter.embeddedTexts,
    note: "json_object mode: no schema is sent",
  };
}

/** Engram's answer to the typical turn: one update (the move supersedes Lisbon), one add, one no-op. */
const engramAnswer = JSON.stringify({
  operations: [
    { event: "ADD", text: "Lives in Porto (moved last month)", type: "fact", target: null, supersedes: 1 },
    { event: "ADD", text: "Works at Globex as a data engineer", type: "fact", target: null, supersedes: 2 },
    { event: "NONE", text: "Is allergic to peanuts", type: "fact", target: 4, supersedes: null },
  ],
});

/** A chat model that records every request and answers with `engramAnswer`. */
function recordingModel(calls: ChatModelRequest[]): ChatModel {
  return {
    specificationVersion: "v1",
    name: "recording-fake",
    generate(request) {
      calls.push(request);
      return { text: engramAnswer, finishReason: "stop" };
    },
  };
}

/** Engram `add(turn, { infer: true })` with the `llm` option set to a recording fake model. */
export async function measureEngramPipeline(): Promise<PipelineCost> {
  const counter: Counter = { embedCalls: 0, embeddedTexts: 0 };
  const calls: ChatModelRequest[] = [];
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: countingEmbedder(counter),
    llm: recordingModel(calls),
  });
  for (const text of relatedMemories) await memory.add(text, { userId: "alice", infer: false });
  counter.embedCalls = 0;
  counter.embeddedTexts = 0;
  await memory.add(typicalTurn, { userId: "alice", infer: true });
  const messages = calls.flatMap((call) => call.messages);
  return {
    system: "Engram (core LLM extraction, one-call ADD/UPDATE/DELETE/NONE)",
    llmCalls: calls.length,
    promptTokens: messages.reduce((sum, message) => sum + countTokens(message.content), 0),
    schemaTokens: calls.reduce(
      (sum, call) => sum + countTokens(JSON.stringify(call.responseFormat.schema)),
      0,
    ),
    systemPromptChars: messages
      .filter((message) => message.role === "system")
      .reduce((sum, message) => sum + message.content.length, 0),
    embedCalls: counter.embedCalls,
    embeddedTexts: counter.embeddedTexts,
    relatedShown: messages.reduce(
      (sum, message) => sum + (message.content.match(/^\d+\. \[/gmu)?.length ?? 0),
      0,
    ),
  };
}
