// Entry "@engram/core/wink": the offline word-vector embedder (its vectors ship in @engram/wink-vectors).
export { createWinkEmbedder, type WinkEmbedderOptions } from "./wink/wink-embedder.js";
