import type { ApiKeyOptions } from "./auth/api-key.js";
import type { RequestLogger } from "./middleware/request-log.js";
import type { StoreFactory, TenantInfo, TenantMemoryOptions } from "./tenants/tenant-info.js";

/** Options of `createServer()`. */
export interface ServerOptions {
  /** The API keys; each opens one tenant, optionally pinned to a user or agent, optionally read-only. */
  keys: ApiKeyOptions[];
  /** The folder holding each tenant's data (`tenants/<id>/memory.db`). @default process.env.ENGRAM_DIR ?? "./.engram" */
  dataDir?: string;
  /** Creates each tenant's store, e.g. a Chroma store per tenant. @default a SQLite file per tenant under `dataDir` */
  createStore?: StoreFactory;
  /** The options of every tenant's `Memory` (embedder, llm, retrieval, lifecycle, …), or a function of the tenant. */
  memory?: TenantMemoryOptions | ((tenant: TenantInfo) => TenantMemoryOptions);
  /** The address `listen()` binds to; give "0.0.0.0" to accept connections from other machines. @default "127.0.0.1" */
  host?: string;
  /** The port `listen()` uses when called without one (0 picks a free port). @default 8080 */
  port?: number;
  /** The largest request body accepted, in bytes; larger ones get 413. @default 1048576 (1 MB) */
  bodyLimit?: number;
  /** Receives one entry per request (and the cause of 5xx answers); false for none. @default one line per request on stdout */
  logger?: RequestLogger | false;
  /** Also serve the Mem0-compatible routes (`/v1/ping/`, `/v3/memories/add/`, …) that Mem0's clients call. @default true */
  mem0?: boolean;
  /** How long `close()` waits for requests in flight before cutting their connections, in ms. @default 10000 */
  shutdownTimeoutMs?: number;
}
