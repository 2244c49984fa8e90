import { createChromaStore } from "../src/chroma-store.js";
import type { ChromaStoreOptions } from "../src/chroma-store-options.js";
import type { ChromaTestServer } from "../src/testing.js";

/** A store on the test server under its own collection prefix, failing fast (one retry) unless overridden. */
export function openTestStore(server: ChromaTestServer, prefix: string, overrides: ChromaStoreOptions = {}) {
  return createChromaStore({
    ...server.connection,
    collectionPrefix: prefix,
    retries: 1,
    retryDelayMs: 20,
    ...overrides,
  });
}
