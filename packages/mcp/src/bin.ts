#!/usr/bin/env node
// `engram-mcp --user-id alice`: Engram's memory tools over stdio for MCP clients; `engram-mcp --http`: over HTTP.
import { parseArgs } from "node:util";
import { runMcpHttp } from "./http/run-mcp-http.js";
import { runMcpStdio } from "./stdio/run-mcp-stdio.js";

const usage = `Usage: engram-mcp [--user-id <id>] [--agent-id <id>] [--run-id <id>] [--allow-run-id] [--read-only]
                  [--tenant <id>] [--data-dir <dir>] [--config <file.json>]
       engram-mcp --http [--port 8080] [--config <file.json>] [--allow-run-id]
stdio (default): serves Engram's memory tools until stdin closes. The scope (a user or an agent) comes from the
flags or ENGRAM_MCP_USER_ID / ENGRAM_MCP_AGENT_ID / ENGRAM_MCP_RUN_ID; the model can never change it.
--http: serves @engram/server with the MCP endpoint at /v1/mcp; API keys (config file or ENGRAM_API_KEYS) decide
the tenant and scope.`;

function fail(error: unknown): never {
  // stderr only: on stdio, stdout carries the protocol.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

function readArguments() {
  try {
    return parseArgs({
      options: {
        "user-id": { type: "string" },
        "agent-id": { type: "string" },
        "run-id": { type: "string" },
        "allow-run-id": { type: "boolean" },
        "read-only": { type: "boolean" },
        tenant: { type: "string" },
        "data-dir": { type: "string" },
        config: { type: "string", short: "c" },
        http: { type: "boolean" },
        port: { type: "string", short: "p" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    fail(error);
  }
}

const values = readArguments();

async function serveHttp(): Promise<void> {
  const running = await runMcpHttp({
    ...(values.config ? { configPath: values.config } : {}),
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values["allow-run-id"] ? { mcp: { allowRunId: true } } : {}),
  });
  console.error(`Engram MCP endpoint on ${running.url}`);
  const shutdown = () => running.close().then(() => process.exit(0), fail);
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

async function serveStdio(): Promise<void> {
  await runMcpStdio({
    ...(values.config ? { configPath: values.config } : {}),
    ...(values["user-id"] ? { userId: values["user-id"] } : {}),
    ...(values["agent-id"] ? { agentId: values["agent-id"] } : {}),
    ...(values["run-id"] ? { runId: values["run-id"] } : {}),
    ...(values["allow-run-id"] ? { allowRunId: true } : {}),
    ...(values["read-only"] ? { readOnly: true } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
    ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  });
  process.exit(0);
}

if (values.help) console.error(usage);
else (values.http ? serveHttp() : serveStdio()).catch(fail);
