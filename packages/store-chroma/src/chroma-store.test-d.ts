import type { MemoryStore, SearchCandidate } from "@engram/core";
import { ChromaClient } from "chromadb";
import { expectTypeOf, test } from "vitest";
import { type ChromaMemoryStore, createChromaStore, type RecoveryResult } from "./index.js";

test("a Chroma store is a MemoryStore whose methods are all asynchronous", () => {
  const store = createChromaStore({ client: new ChromaClient(), collectionPrefix: "types" });
  expectTypeOf(store).toEqualTypeOf<ChromaMemoryStore>();
  expectTypeOf(store).toMatchTypeOf<MemoryStore>();
  expectTypeOf(store.search).returns.toEqualTypeOf<Promise<SearchCandidate[]>>();
  expectTypeOf(store.recover).returns.toEqualTypeOf<Promise<RecoveryResult>>();
  // @ts-expect-error the prefix is a string
  createChromaStore({ collectionPrefix: 3 });
  // @ts-expect-error limits are numbers
  createChromaStore({ limits: { maxResultsPerRequest: "300" } });
});
