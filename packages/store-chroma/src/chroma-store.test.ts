import { InvalidArgumentError } from "@engram/core";
import { runMemoryStoreTests } from "@engram/core/testing";
import { describe, expect, it } from "vitest";
import { chromaSpecificTests } from "../test/chroma-specific-tests.js";
import { type ChromaMemoryStore, createChromaStore } from "./chroma-store.js";
import type { ChromaStoreOptions } from "./chroma-store-options.js";
import { type ChromaTestServer, startChromaServer } from "./testing.js";

let server: ChromaTestServer | undefined;
let count = 0;
const run = Date.now().toString(36);

/** A store on the shared test server with a fresh collection prefix. */
function openStore(overrides: ChromaStoreOptions = {}) {
  if (!server) throw new Error("The Chroma test server is started in beforeAll.");
  count += 1;
  return createChromaStore({
    ...server.connection,
    collectionPrefix: `t${run}-${count}`,
    retries: 1,
    retryDelayMs: 50,
    ...overrides,
  });
}

runMemoryStoreTests({
  name: "chroma",
  beforeAll: async () => {
    server = await startChromaServer();
  },
  afterAll: async () => {
    await server?.stop();
  },
  createStore: () => openStore(),
  destroyStore: async (store) => {
    await store.reset();
    await store.close?.();
  },
  additionalTests: (getStore) => chromaSpecificTests(getStore, openStore),
  // Everything both collections hold (ids, documents, metadata, vectors as float32 bytes), read through the API.
  storedBytes: async (store) => {
    const chroma = store as ChromaMemoryStore;
    const parts: Buffer[] = [];
    for (const name of Object.values(chroma.collections)) {
      const collection = await chroma.client.getCollection({ name });
      const all = await collection.get({ include: ["documents", "metadatas", "embeddings"] as never });
      parts.push(Buffer.from(JSON.stringify([all.ids, all.documents, all.metadatas]), "utf8"));
      for (const vector of all.embeddings ?? []) parts.push(Buffer.from(new Float32Array(vector).buffer));
    }
    return Buffer.concat(parts);
  },
  timeoutMs: 60_000,
});

describe("createChromaStore options", () => {
  it("rejects bad options with the argument's name and an example", () => {
    expect(() => createChromaStore({ collectionPrefix: "ab" })).toThrow(InvalidArgumentError);
    expect(() => createChromaStore({ collectionPrefix: "ab" })).toThrow(
      /options.collectionPrefix.*"myapp-prod"/u,
    );
    expect(() => createChromaStore({ collectionPrefix: "a..b" })).toThrow(/collectionPrefix/u);
    expect(() => createChromaStore({ port: 70_000 })).toThrow(/options.port/u);
    expect(() => createChromaStore({ retries: -1 })).toThrow(/options.retries/u);
    expect(() => createChromaStore({ limits: { maxWherePredicates: 2 } })).toThrow(
      /options.limits.maxWherePredicates.*at least 4/u,
    );
    expect(() => createChromaStore({ client: {} as never })).toThrow(/ChromaClient/u);
    expect(() => createChromaStore({ jounral: { graceMs: 5 } } as never)).toThrow(
      /options\.jounral.*did you mean journal\?/u,
    );
    expect(() => createChromaStore({ journal: { graceMS: 5 } as never })).toThrow(
      /options\.journal\.graceMS.*did you mean graceMs\?/u,
    );
    expect(() => createChromaStore({ limits: { maxResults: 5 } as never })).toThrow(
      /options\.limits\.maxResults/u,
    );
  });

  it("names its collections after the prefix and accepts a passed-in client", () => {
    const store = createChromaStore({ collectionPrefix: "myapp-prod" });
    expect(store.collections).toEqual({ memories: "myapp-prod-memories", state: "myapp-prod-state" });
    expect(createChromaStore({ client: store.client }).client).toBe(store.client);
  });
});
