import { type Embedder, Memory, type MemoryStore } from "@engram/core";
import type { WorkloadMemory } from "../workload/workload.js";
import type { BenchTarget } from "./bench-target.js";

/** Wraps an Engram `Memory` over the given store and embedder as a benchmark target. */
export async function createEngramTarget(store: MemoryStore, embedder: Embedder): Promise<BenchTarget> {
  const memory = new Memory({ store, embedder });
  await memory.initialize();
  const toMessage = (item: WorkloadMemory) => ({ role: "user", content: item.text });
  return {
    async addBatch(memories, agentId) {
      const first = memories[0]!;
      await memory.add(memories.map(toMessage), {
        userId: first.userId,
        agentId,
        metadata: first.metadata,
        infer: false,
        // Independent memories, not a conversation: no neighbours as context (the default for message arrays).
        contextWindow: 0,
      });
    },
    async addOne(item, agentId) {
      await memory.add(item.text, { userId: item.userId, agentId, metadata: item.metadata, infer: false });
    },
    async searchUser(query, agentId) {
      return (await memory.search(query.text, { userId: query.userId, agentId, limit: 10 })).results.length;
    },
    async searchTenant(query, agentId) {
      return (await memory.search(query.text, { agentId, limit: 10 })).results.length;
    },
    async close() {
      await memory.close();
      await store.close?.();
    },
  };
}
