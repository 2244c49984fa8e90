import { readFileSync } from "node:fs";
import { createInMemoryStore, type Embedder, Memory } from "@engram/core";
import { parseEvidence } from "./load-locomo.js";
import type { LocomoRetriever, RetrievedMemory } from "./retriever.js";

/** LoCoMo's generated observations of one conversation: short facts, each with the dialogue ids it came from. */
export function readObservations(
  data: unknown,
  sampleId: string,
): Array<{ text: string; sourceIds: string[] }> {
  const sample = Array.isArray(data)
    ? (data as Array<{ sample_id?: unknown; observation?: unknown }>).find(
        (item) => item.sample_id === sampleId,
      )
    : undefined;
  const facts: Array<{ text: string; sourceIds: string[] }> = [];
  const sessions = (sample?.observation ?? {}) as Record<string, Record<string, unknown>>;
  for (const speakers of Object.values(sessions)) {
    for (const entries of Object.values(speakers ?? {})) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (!Array.isArray(entry) || typeof entry[0] !== "string") continue;
        const sourceIds = typeof entry[1] === "string" ? parseEvidence(entry[1]) : [];
        if (entry[0].trim() && sourceIds.length) facts.push({ text: entry[0].trim(), sourceIds });
      }
    }
  }
  return facts;
}

/**
 * Engram over LoCoMo's observations instead of its turns: each generated fact is one verbatim memory whose
 * sources are its dialogue ids, the closest offline stand-in for what LLM extraction stores.
 */
export function createObservationRetriever(options: { embedder: Embedder; file: string }): LocomoRetriever {
  const data: unknown = JSON.parse(readFileSync(options.file, "utf8"));
  const memories = new Map<string, Memory>();
  return {
    name: "engram observations",
    async ingest(conversation) {
      const memory = new Memory({ store: createInMemoryStore(), embedder: options.embedder });
      memories.set(conversation.sampleId, memory);
      const facts = readObservations(data, conversation.sampleId);
      let stored = 0;
      for (const fact of facts) {
        // One message per fact, its first dialogue id as the message id; the others go in metadata.
        const result = await memory.add([{ role: "user", content: fact.text, id: fact.sourceIds[0]! }], {
          userId: conversation.sampleId,
          metadata: { sourceIds: fact.sourceIds },
          deduplicate: false,
        });
        stored += result.results.filter((item) => item.event === "ADD").length;
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
      return results.map(
        (item): RetrievedMemory => ({
          text: item.memory,
          sourceIds: (item.metadata.sourceIds as string[] | undefined) ?? [],
          ...(item.explanation ? { relevance: item.explanation.relevance } : {}),
        }),
      );
    },
    async close() {
      for (const memory of memories.values()) await memory.close();
      memories.clear();
    },
  };
}
