import type { Embedder } from "@engram/core";
import { createMem0Memory, type Mem0Memory } from "../mem0/mem0-offline.js";
import type { LocomoRetriever } from "./retriever.js";
import { turnContent } from "./retriever.js";

/**
 * mem0ai OSS over LoCoMo with the same embedder, `infer: false` (every turn stored verbatim, zero LLM calls):
 * one in-memory mem0 instance per conversation, scope `user_id = sample_id`.
 */
export function createMem0Retriever(options: {
  embedder: Embedder;
  speakerPrefix?: boolean;
}): LocomoRetriever {
  const instances = new Map<string, { memory: Mem0Memory; sources: Map<string, string> }>();
  const speakerPrefix = options.speakerPrefix ?? true;
  const embed = async (text: string) => Array.from((await options.embedder.embed([text]))[0]!);
  return {
    name: "mem0ai verbatim",
    async ingest(conversation) {
      const memory = await createMem0Memory({
        dimensions: options.embedder.dimensions,
        directory: ":memory:",
        embed,
      });
      const sources = new Map<string, string>();
      instances.set(conversation.sampleId, { memory, sources });
      for (const session of conversation.sessions) {
        if (session.turns.length === 0) continue;
        const metadata = {
          session: session.number,
          ...(session.dateTime ? { sessionDateTime: session.dateTime } : {}),
        };
        const messages = session.turns.map((turn) => ({
          role: "user",
          content: turnContent(turn, speakerPrefix),
        }));
        const { results } = await memory.add(messages, {
          userId: conversation.sampleId,
          metadata,
          infer: false,
        });
        // infer: false returns one result per message, in order.
        results.forEach((result, index) => {
          sources.set(result.id, session.turns[index]!.diaId);
        });
      }
      return sources.size;
    },
    async search(conversation, question, limit) {
      const instance = instances.get(conversation.sampleId);
      if (!instance) throw new Error(`conversation ${conversation.sampleId} was not ingested.`);
      const { results } = await instance.memory.search(question, {
        filters: { user_id: conversation.sampleId },
        topK: limit,
        threshold: 0,
      });
      return results.map((item) => {
        const id = instance.sources.get(item.id);
        return { text: item.memory, sourceIds: id ? [id] : [] };
      });
    },
    async close() {
      instances.clear();
    },
  };
}
