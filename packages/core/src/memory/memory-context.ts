import type { Embedder } from "../embedders/embedder.js";
import type { RetrievalOptions } from "../retrieval/retrieval-options.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { AccessTracker } from "./access-tracker.js";
import type { ResolvedLifecycle } from "./lifecycle-options.js";

/** What the memory operations need: the resolved store and embedder, a clock and an id source. */
export interface MemoryContext {
  /** The store. */
  store: MemoryStore;
  /** The embedder. */
  embedder: Embedder;
  /** Retrieval tuning. */
  retrieval: RetrievalOptions;
  /** Default history actor. */
  actor: string;
  /** Current time. */
  now: () => Date;
  /** New ids. */
  generateId: () => string;
  /** Whether reads are recorded in the store's access log. */
  accessLog: boolean;
  /** Expiry policies. */
  lifecycle: ResolvedLifecycle;
  /** How long one embedder call may take, in ms. @default 30000 */
  embedderTimeoutMs?: number;
  /** Counts reads when `lifecycle.trackAccess` is on. */
  accesses?: AccessTracker;
}
