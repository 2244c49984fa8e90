import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Memory as Mem0Memory } from "mem0ai/oss";

/** mem0ai's OSS `Memory` class (re-exported for typing). */
export type { Mem0Memory };

/** A LangChain-style chat message as mem0ai's langchain provider passes it to `invoke()`. */
export interface LangchainLikeMessage {
  /** LangChain's message type getter ("system", "human", "ai"). */
  getType?(): string;
  /** Older LangChain versions expose the type as `_getType()`. */
  _getType?(): string;
  /** The message text. */
  content: unknown;
}

/** Options of an offline mem0ai `Memory`. */
export interface Mem0OfflineOptions {
  /** Vector length of the embedder. */
  dimensions: number;
  /** Embeds one text (mem0 calls it for queries and single adds). */
  embed(text: string): number[] | Promise<number[]>;
  /** Answers the LLM call; without it, any LLM call throws (fine for `infer: false`). */
  invoke?(messages: LangchainLikeMessage[]): { content: string } | Promise<{ content: string }>;
  /** Folder for mem0's SQLite files; ":memory:" keeps them in memory. */
  directory: string | ":memory:";
}

/** Makes mem0ai fully offline: no telemetry, and its config.json in a scratch folder. Call before importing it. */
export function prepareMem0Environment(scratch?: string): string {
  process.env.MEM0_TELEMETRY = "false";
  if (!process.env.MEM0_DIR) {
    // One shared scratch folder: it only ever holds mem0's config.json (an anonymous id), never memories.
    const dir = scratch ?? path.join(os.tmpdir(), "engram-bench-mem0-home");
    mkdirSync(dir, { recursive: true });
    process.env.MEM0_DIR = dir;
  }
  return process.env.MEM0_DIR;
}

/**
 * Creates mem0ai's OSS `Memory` offline, on the documented "langchain provider" trick: our embedder (and a fake
 * or recording LLM) are passed as duck-typed LangChain objects, its default SQLite vector store holds the data.
 */
export async function createMem0Memory(options: Mem0OfflineOptions): Promise<Mem0Memory> {
  prepareMem0Environment();
  // Imported lazily so the environment above is in place when mem0ai reads it at load time.
  const { Memory } = await import("mem0ai/oss");
  const file = (name: string) =>
    options.directory === ":memory:" ? ":memory:" : path.join(options.directory, name);
  if (options.directory !== ":memory:") mkdirSync(options.directory, { recursive: true });
  const invoke =
    options.invoke ??
    (() => {
      throw new Error("mem0 LLM called, but this benchmark runs mem0 with infer: false and no LLM.");
    });
  const memory = new Memory({
    embedder: {
      provider: "langchain",
      config: {
        model: {
          embedQuery: async (text: string) => options.embed(text),
          embedDocuments: async (texts: string[]) => Promise.all(texts.map((text) => options.embed(text))),
        },
      },
    },
    llm: { provider: "langchain", config: { model: { invoke } } },
    vectorStore: {
      provider: "memory",
      config: { dimension: options.dimensions, dbPath: file("vector_store.db") },
    },
    historyStore: { provider: "sqlite", config: { historyDbPath: file("history.db") } },
  });
  return memory;
}
