import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import type { ServerApp } from "./routes/server-app.js";

/** A server listening for requests. */
export interface ListeningServer {
  /** The base URL, e.g. "http://127.0.0.1:8080". */
  url: string;
  /** The port bound (useful after asking for port 0). */
  port: number;
  /** The address bound. */
  host: string;
  /** Stops accepting connections, waits for requests in flight, then closes every tenant's store. */
  close(): Promise<void>;
}

/** Options of `listenOn`. */
export interface ListenOptions {
  /** The app to serve. */
  app: ServerApp;
  /** The port (0 picks a free one). */
  port: number;
  /** The address to bind. */
  host: string;
  /** How long to wait for requests in flight before cutting their connections, in ms. */
  shutdownTimeoutMs: number;
  /** Called once the HTTP server has stopped (closes the tenants). */
  onClosed: () => Promise<void>;
}

/** Stops `server` gracefully: no new connections, requests in flight finish, then every connection closes. */
function stop(server: Server, inFlight: Set<ServerResponse>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    timer.unref();
    server.close((error) => {
      clearTimeout(timer);
      if (error && (error as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING") reject(error);
      else resolve();
    });
    // Keep-alive connections would otherwise stay open after their last answer and hold close() up.
    for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
    server.closeIdleConnections();
  });
}

/** Binds the app to `host:port` with Node's HTTP server; resolves once it is listening. */
export async function listenOn(options: ListenOptions): Promise<ListeningServer> {
  const server = createAdaptorServer({
    fetch: options.app.fetch,
    // A library must not replace the process's global Request and Response.
    overrideGlobalObjects: false,
  }) as Server;
  let closing: Promise<void> | undefined;
  const inFlight = new Set<ServerResponse>();
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    // Once closing, answers say `Connection: close`, and each finished one frees its connection.
    if (closing) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.on("close", () => {
      inFlight.delete(response);
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    host: options.host,
    close() {
      closing ??= stop(server, inFlight, options.shutdownTimeoutMs).finally(options.onClosed);
      return closing;
    },
  };
}
