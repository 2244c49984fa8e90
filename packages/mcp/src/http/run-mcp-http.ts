import { createServer, type ListeningServer, loadServerConfig, type ServerOptions } from "@engram/server";
import { type McpMount, type MountMcpOptions, mountMcp } from "./mount-mcp.js";

/** Options of `runMcpHttp()`: the server's configuration, read like `engram-server` reads it. */
export interface RunMcpHttpOptions {
  /** A JSON config file with the API keys, dataDir and memory options. @default env.ENGRAM_CONFIG */
  configPath?: string;
  /** The environment read for ENGRAM_API_KEYS, ENGRAM_HOST, ENGRAM_PORT, ENGRAM_DIR, …. @default process.env */
  env?: Record<string, string | undefined>;
  /** The port (0 picks a free one). @default the configured one, else 8080 */
  port?: number;
  /** Server options that JSON cannot express (a store factory, a chat model), merged over the config file's. */
  server?: Partial<ServerOptions>;
  /** Options of the MCP endpoint. */
  mcp?: MountMcpOptions;
}

/** A running Engram HTTP server with the MCP endpoint. */
export interface RunningMcpHttp {
  /** The MCP endpoint's URL, e.g. "http://127.0.0.1:8080/v1/mcp". */
  url: string;
  /** The listening server. */
  listening: ListeningServer;
  /** Waits for background writes, then stops the server and closes the stores. */
  close(): Promise<void>;
}

/**
 * Starts `@engram/server` (its REST API included) with the MCP endpoint mounted at `/v1/mcp`.
 * @example
 * const { url } = await runMcpHttp({ configPath: "engram.config.json", port: 8080 });
 */
export async function runMcpHttp(options: RunMcpHttpOptions = {}): Promise<RunningMcpHttp> {
  const config = loadServerConfig({
    ...(options.env ? { env: options.env } : {}),
    ...(options.configPath ? { file: options.configPath } : {}),
  });
  const server = createServer({ ...config, ...options.server });
  const mcp: McpMount = mountMcp(server.app, options.mcp);
  const listening = await server.listen(options.port);
  return {
    url: `${listening.url}${mcp.path}`,
    listening,
    async close() {
      await mcp.close();
      await server.close();
    },
  };
}
