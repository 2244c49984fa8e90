#!/usr/bin/env node
// `engram-mcp --user-id alice [--config engram.config.json]`: Engram's memory tools over stdio for MCP clients.
import { parseArgs } from "node:util";
import { runMcpStdio } from "./stdio/run-mcp-stdio.js";

const usage = `Usage: engram-mcp [--user-id <id>] [--agent-id <id>] [--run-id <id>] [--allow-run-id] [--read-only]
                  [--tenant <id>] [--data-dir <dir>] [--config <file.json>]
Serves Engram's memory tools over stdio until stdin closes. The scope (a user or an agent) comes from the flags
or ENGRAM_MCP_USER_ID / ENGRAM_MCP_AGENT_ID / ENGRAM_MCP_RUN_ID; the model can never change it.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "user-id": { type: "string" },
      "agent-id": { type: "string" },
      "run-id": { type: "string" },
      "allow-run-id": { type: "boolean" },
      "read-only": { type: "boolean" },
      tenant: { type: "string" },
      "data-dir": { type: "string" },
      config: { type: "string", short: "c" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.error(usage);
    return;
  }
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
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // stderr only: stdout carries the protocol.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
