import type { Embedder } from "../embedders/embedder.js";
import { EmbedderMismatchError, type EmbedderInfo } from "../errors/index.js";
import type { MemoryStore } from "../store/memory-store.js";

/** The store setting that records which embedder made its vectors. */
export const embedderMetaKey = "embedder";

/** Reads the embedder recorded in a store, if any. */
export async function storedEmbedder(store: MemoryStore): Promise<EmbedderInfo | undefined> {
  const raw = await store.getMeta(embedderMetaKey);
  return raw ? (JSON.parse(raw) as EmbedderInfo) : undefined;
}

/** Records the embedder on first use; returns a mismatch error if the store was written by another one. */
export async function checkEmbedder(
  store: MemoryStore,
  embedder: Embedder,
): Promise<EmbedderMismatchError | undefined> {
  const configured: EmbedderInfo = { name: embedder.name, dimensions: embedder.dimensions };
  const stored = await storedEmbedder(store);
  if (!stored) {
    await store.setMeta(embedderMetaKey, JSON.stringify(configured));
    return undefined;
  }
  if (stored.name !== configured.name || stored.dimensions !== configured.dimensions) {
    return new EmbedderMismatchError({ stored, configured });
  }
  return undefined;
}
