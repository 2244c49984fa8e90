import { createMem0Memory } from "../mem0/mem0-offline.js";
import type { BenchTarget } from "./bench-target.js";

/** Wraps mem0ai's OSS `Memory` (default SQLite vector store, history on, infer off) as a benchmark target. */
export async function createMem0Target(options: {
  dimensions: number;
  directory: string;
  vectorFor(text: string): Float32Array;
}): Promise<BenchTarget> {
  const memory = await createMem0Memory({
    dimensions: options.dimensions,
    directory: options.directory,
    embed: (text) => Array.from(options.vectorFor(text)),
  });
  return {
    async addBatch(memories, agentId) {
      const first = memories[0]!;
      const messages = memories.map((item) => ({ role: "user", content: item.text }));
      await memory.add(messages, { userId: first.userId, agentId, metadata: first.metadata, infer: false });
    },
    async addOne(item, agentId) {
      await memory.add(item.text, { userId: item.userId, agentId, metadata: item.metadata, infer: false });
    },
    async searchUser(query, agentId) {
      return (
        await memory.search(query.text, {
          filters: { user_id: query.userId, agent_id: agentId },
          topK: 10,
          threshold: 0,
        })
      ).results.length;
    },
    async searchTenant(query, agentId) {
      return (await memory.search(query.text, { filters: { agent_id: agentId }, topK: 10, threshold: 0 }))
        .results.length;
    },
    async close() {},
  };
}
