#!/usr/bin/env node
// `engram-server [--config file.json] [--port 8080] [--host 127.0.0.1]`: serves Engram until SIGINT or SIGTERM.
import { parseArgs } from "node:util";
import { loadServerConfig } from "./config/load-server-config.js";
import { createServer } from "./create-server.js";

const { values } = parseArgs({
  options: {
    config: { type: "string", short: "c" },
    port: { type: "string", short: "p" },
    host: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(
    "Usage: engram-server [--config file.json] [--port 8080] [--host 127.0.0.1]\n" +
      "Keys come from the config file's `keys` or ENGRAM_API_KEYS (tenant:key,tenant:key or a JSON list).",
  );
  process.exit(0);
}

async function main(): Promise<void> {
  const options = loadServerConfig(values.config ? { file: values.config } : {});
  if (values.host) options.host = values.host;
  const server = createServer(options);
  const listening = await server.listen(values.port ? Number(values.port) : undefined);
  console.log(`Engram server listening on ${listening.url}`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing requests in flight, then closing the stores.`);
    listening.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
