import {
  type ChatModel,
  createInMemoryStore,
  type Embedder,
  Memory,
  type RetrievalOptions,
} from "@engram/core";
import { type LocomoRetriever, type RetrievedMemory, turnContent } from "./retriever.js";

/** How turns become Engram memories. */
export type EngramIngestMode = "verbatim" | "rules" | "llm";

/** Options of the Engram retriever. */
export interface EngramRetrieverOptions {
  /** The embedder (the offline default in the published numbers). */
  embedder: Embedder;
  /** verbatim: every turn is a memory (infer off); rules / llm: `add(turn, { infer: true })` one turn at a time. */
  mode: EngramIngestMode;
  /** The model for the llm mode. */
  llm?: ChatModel;
  /** Retrieval settings passed to `new Memory()` (defaults when absent). */
  retrieval?: RetrievalOptions;
  /** Prefix each stored turn with its session date, e.g. "[8 May, 2023] Caroline: …". @default false */
  datePrefix?: boolean;
  /** Verbatim only: index each turn with this many preceding turns of its session (core's `contextWindow`; the memory and its source stay the one turn). @default 0 */
  contextTurns?: number;
  /** Store turns as "Speaker: text". @default true */
  speakerPrefix?: boolean;
}

/**
 * Engram over LoCoMo: one in-memory store per conversation, scope `userId = sample_id`; each memory carries its
 * dialogue id as the source `messageId` and the session's date-time in metadata.
 */
export function createEngramRetriever(options: EngramRetrieverOptions): LocomoRetriever {
  const memories = new Map<string, Memory>();
  const speakerPrefix = options.speakerPrefix ?? true;
  return {
    name: `engram ${options.mode}`,
    async ingest(conversation) {
      if (options.mode === "llm" && !options.llm) throw new Error("the llm ingest mode needs a chat model.");
      const memory = new Memory({
        store: createInMemoryStore(),
        embedder: options.embedder,
        ...(options.mode === "llm" && options.llm ? { llm: options.llm } : {}),
        ...(options.retrieval ? { retrieval: options.retrieval } : {}),
      });
      memories.set(conversation.sampleId, memory);
      let stored = 0;
      for (const session of conversation.sessions) {
        const metadata = {
          session: session.number,
          ...(session.dateTime ? { sessionDateTime: session.dateTime } : {}),
        };
        const date =
          options.datePrefix && session.dateTime ? `[${session.dateTime.replace(/^.* on /u, "")}] ` : "";
        const messages = session.turns.map((turn) => ({
          role: "user",
          // The rule-based extractor reads first-person sentences ("I moved to …"): a speaker prefix would hide them.
          content: options.mode === "rules" ? turn.text : date + turnContent(turn, speakerPrefix),
          id: turn.diaId,
          name: turn.speaker,
        }));
        if (options.mode === "verbatim") {
          if (messages.length === 0) continue;
          const result = await memory.add(messages, {
            userId: conversation.sampleId,
            metadata,
            infer: false,
            // Each turn is also indexed with the turns before it (core keeps them as the memory's context).
            contextWindow: options.contextTurns ?? 0,
          });
          stored += result.results.filter((item) => item.event === "ADD").length;
          continue;
        }
        // One turn per call, so that every extracted fact's sources name exactly the turn it came from.
        for (const message of messages) {
          const result = await memory.add([message], {
            userId: conversation.sampleId,
            metadata,
            infer: true,
          });
          stored += result.results.filter((item) => item.event === "ADD").length;
        }
      }
      return stored;
    },
    async search(conversation, question, limit) {
      const memory = memories.get(conversation.sampleId);
      if (!memory) throw new Error(`conversation ${conversation.sampleId} was not ingested.`);
      const { results } = await memory.search(question, {
        userId: conversation.sampleId,
        limit,
        explain: true,
      });
      return results.map((item): RetrievedMemory => {
        const sourceIds = item.sources
          .map((source) => source.messageId)
          .filter((id): id is string => typeof id === "string");
        return {
          text: item.memory,
          sourceIds,
          ...(item.explanation ? { relevance: item.explanation.relevance } : {}),
        };
      });
    },
    async close() {
      for (const memory of memories.values()) await memory.close();
      memories.clear();
    },
  };
}
