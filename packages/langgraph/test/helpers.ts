import { createHashingEmbedder, createInMemoryStore, Memory, type MemoryStore } from "@engram/core";
import { createEngramStore, type EngramStore, type EngramStoreOptions } from "../src/index.js";

/** A Memory over the given Engram store (in-memory by default) with the deterministic hashing embedder. */
export function testMemory(store: MemoryStore = createInMemoryStore()): Memory {
  let tick = Date.parse("2025-01-01T00:00:00.000Z");
  // A strictly increasing clock keeps "newest first" orderings deterministic.
  return new Memory({
    store,
    embedder: createHashingEmbedder(),
    _internal: {
      now: () => {
        tick += 1000;
        return new Date(tick);
      },
    },
  });
}

/** An EngramStore over a fresh test Memory. */
export function testStore(
  options: Omit<EngramStoreOptions, "memory"> = {},
  memory = testMemory(),
): EngramStore {
  return createEngramStore({ ...options, memory });
}

/** A small seeded PRNG (mulberry32), so random tests replay exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
