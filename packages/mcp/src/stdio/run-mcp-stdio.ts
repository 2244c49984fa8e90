import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { InvalidArgumentError, Memory } from "@engram/core";
import { createSqliteTenantStore, loadServerConfig, type TenantMemoryOptions } from "@engram/server";
import { serveStdio, StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { createMcpServer } from "../create-mcp-server.js";
import { checkScopePolicy } from "../scope/mcp-scope.js";
import { WriteTracker } from "../writes/write-tracker.js";

/** Options of `runMcpStdio()`; anything left out comes from the environment, then the config file. */
export interface RunMcpStdioOptions {
  /** A JSON config file, as `engram-server` reads it (memory options, dataDir, embedder). @default env.ENGRAM_CONFIG */
  configPath?: string;
  /** The environment read for ENGRAM_MCP_* (scope), ENGRAM_CONFIG and ENGRAM_DIR. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The user every tool call is confined to. @default env.ENGRAM_MCP_USER_ID */
  userId?: string;
  /** The agent every tool call is confined to. @default env.ENGRAM_MCP_AGENT_ID */
  agentId?: string;
  /** The run every tool call is confined to. @default env.ENGRAM_MCP_RUN_ID */
  runId?: string;
  /** Let the model narrow a call to one run with a `runId` argument. @default env.ENGRAM_MCP_ALLOW_RUN_ID === "true" */
  allowRunId?: boolean;
  /** Offer only the read tools. @default env.ENGRAM_MCP_READ_ONLY === "true" */
  readOnly?: boolean;
  /** The tenant whose store is opened: `<dataDir>/tenants/<tenant>/memory.db`, as the HTTP server lays it out. @default env.ENGRAM_MCP_TENANT ?? "default" */
  tenant?: string;
  /** The data folder. @default the config file's dataDir, else env.ENGRAM_DIR, else "./.engram" */
  dataDir?: string;
  /** Memory options that JSON cannot express (a chat model, an embedder), merged over the config file's. */
  memory?: TenantMemoryOptions;
  /** Where requests come from. @default process.stdin */
  stdin?: Readable;
  /** Where responses go. @default process.stdout */
  stdout?: Writable;
}

const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function flag(value: boolean | undefined, text: string | undefined, name: string): boolean {
  if (value !== undefined) return value;
  if (text === undefined || text === "" || text === "false" || text === "0") return false;
  if (text === "true" || text === "1") return true;
  throw new InvalidArgumentError({
    argument: name,
    message: `expected true or false, got ${JSON.stringify(text)}.`,
  });
}

function checkTenant(tenant: string): string {
  if (!tenantPattern.test(tenant)) {
    throw new InvalidArgumentError({
      argument: "tenant",
      message: `expected a tenant id of letters, digits, "-" and "_" (at most 64), got ${JSON.stringify(tenant)}.`,
    });
  }
  return tenant;
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** Resolves once `stream` has ended or closed. */
function ended(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.once("end", resolve);
    stream.once("close", resolve);
  });
}

/**
 * Serves Engram's memory tools over stdio until stdin closes, confined to the configured scope; then waits for
 * background writes and closes the store. Configuration is read like `engram-server` reads it.
 * @example
 * await runMcpStdio({ userId: "alice" });
 */
export async function runMcpStdio(options: RunMcpStdioOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const configPath = options.configPath ?? present(env.ENGRAM_CONFIG);
  const config = loadServerConfig({ env, ...(configPath ? { file: configPath } : {}) });
  const scope = {
    ...(present(options.userId ?? env.ENGRAM_MCP_USER_ID)
      ? { userId: options.userId ?? env.ENGRAM_MCP_USER_ID }
      : {}),
    ...(present(options.agentId ?? env.ENGRAM_MCP_AGENT_ID)
      ? { agentId: options.agentId ?? env.ENGRAM_MCP_AGENT_ID }
      : {}),
    ...(present(options.runId ?? env.ENGRAM_MCP_RUN_ID)
      ? { runId: options.runId ?? env.ENGRAM_MCP_RUN_ID }
      : {}),
  };
  const allowRunId = flag(options.allowRunId, env.ENGRAM_MCP_ALLOW_RUN_ID, "ENGRAM_MCP_ALLOW_RUN_ID");
  const readOnly = flag(options.readOnly, env.ENGRAM_MCP_READ_ONLY, "ENGRAM_MCP_READ_ONLY");
  // Checked before the store is opened, so a misconfiguration fails at start-up and creates nothing.
  checkScopePolicy(scope, allowRunId, "scope");
  const tenant = checkTenant(options.tenant ?? present(env.ENGRAM_MCP_TENANT) ?? "default");
  const dataDir = options.dataDir ?? config.dataDir ?? present(env.ENGRAM_DIR) ?? "./.engram";
  const info = { id: tenant, dataDir: path.join(dataDir, "tenants", tenant) };
  const settings = typeof config.memory === "function" ? config.memory(info) : (config.memory ?? {});
  const store = await createSqliteTenantStore(info);
  const memory = new Memory({ ...settings, ...options.memory, store });
  const writes = new WriteTracker({
    onError: (error) => console.error("[engram] [mcp] background write failed:", error),
  });
  try {
    await memory.initialize();
    const stdin = options.stdin ?? process.stdin;
    const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
    const handle = serveStdio(() => createMcpServer({ memory, scope, allowRunId, readOnly, writes }), {
      transport,
    });
    await ended(stdin);
    await handle.close();
    await writes.flush();
  } finally {
    try {
      await memory.close();
    } finally {
      await store.close?.();
    }
  }
}
