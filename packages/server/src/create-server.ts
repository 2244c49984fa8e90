import type { MemoryStore } from "@engram/core";
import { InvalidArgumentError } from "@engram/core";
import { KeyTable } from "./auth/key-table.js";
import { createApp } from "./create-app.js";
import { type ListeningServer, listenOn } from "./listen.js";
import { consoleRequestLogger } from "./middleware/request-log.js";
import type { ServerApp } from "./routes/server-app.js";
import type { ServerOptions } from "./server-options.js";
import { createSqliteTenantStore } from "./tenants/sqlite-store-factory.js";
import { TenantRegistry } from "./tenants/tenant-registry.js";

/** An Engram server: the Hono app (for `app.fetch` or tests), `listen()` to serve it over HTTP, and `close()`. */
export interface EngramServer {
  /** The Hono app; `app.fetch(request)` answers without a socket. */
  app: ServerApp;
  /** Starts an HTTP server on the configured host and the given port (default: the configured one). */
  listen(port?: number): Promise<ListeningServer>;
  /** Stops every listening HTTP server (waiting for requests in flight) and closes every tenant's store. */
  close(): Promise<void>;
}

const defaultBodyLimit = 1024 * 1024;

function checkPositiveInteger(value: unknown, argument: string): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a whole number ≥ 0, got ${String(value)}.`,
    });
  }
}

/**
 * Creates an Engram HTTP server: API keys open tenants, each with its own store; the native API lives under
 * `/v1`, `GET /openapi.json` describes it. Binds to 127.0.0.1 unless `host` says otherwise.
 * @example
 * const server = createServer({ keys: [{ key: process.env.ENGRAM_KEY!, tenant: "acme" }] });
 * const { url } = await server.listen(8080);
 */
export function createServer(options: ServerOptions): EngramServer {
  checkPositiveInteger(options.port, "options.port");
  checkPositiveInteger(options.bodyLimit, "options.bodyLimit");
  checkPositiveInteger(options.shutdownTimeoutMs, "options.shutdownTimeoutMs");
  const keys = new KeyTable(options.keys);
  const tenants = new TenantRegistry({
    dataDir: options.dataDir ?? process.env.ENGRAM_DIR ?? "./.engram",
    createStore: options.createStore ?? ((tenant): Promise<MemoryStore> => createSqliteTenantStore(tenant)),
    memory: options.memory ?? {},
  });
  const logger = options.logger === false ? undefined : (options.logger ?? consoleRequestLogger);
  const app = createApp({
    keys,
    tenants,
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    mem0: options.mem0 !== false,
    ...(logger ? { logger } : {}),
  });
  const listening = new Set<ListeningServer>();
  return {
    app,
    async listen(port) {
      checkPositiveInteger(port, "port");
      const server = await listenOn({
        app,
        port: port ?? options.port ?? 8080,
        host: options.host ?? "127.0.0.1",
        shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
        onClosed: async () => {
          listening.delete(server);
          if (listening.size === 0) await tenants.close();
        },
      });
      listening.add(server);
      return server;
    },
    async close() {
      await Promise.all([...listening].map((server) => server.close()));
      await tenants.close();
    },
  };
}
