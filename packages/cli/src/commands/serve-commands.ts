import type { Command } from "commander";
import { createServer } from "@engram/server";
import type { GlobalOptions } from "../config/cli-options.js";
import { resolveConfig } from "../config/resolve-config.js";
import { createOutput } from "../output/output.js";
import { UsageError } from "../output/usage-error.js";
import { integerFlag } from "./read-commands.js";

type ServeFlags = GlobalOptions & { port?: string; host?: string };

/** The module name, in a variable so that bundlers and TypeScript leave the optional import to run time. */
const mcpPackage = "@engram/mcp";

/** Registers `serve` (the HTTP server) and `mcp` (the MCP server on stdio). */
export function registerServeCommands(program: Command): void {
  program
    .command("serve")
    .description(
      "serve Engram over HTTP (the @engram/server REST and Mem0-compatible API) until SIGINT/SIGTERM",
    )
    .option("-p, --port <port>", "the port (0 picks a free one)")
    .option("--host <host>", "the address to bind", undefined)
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<ServeFlags>();
      const out = createOutput(flags.json === true);
      if (flags.store)
        throw new UsageError(
          "engram serve serves every tenant under the data folder: set dataDir (or ENGRAM_DIR) instead of --store.",
        );
      const { server: options } = resolveConfig(flags);
      if (flags.host) options.host = flags.host;
      const server = createServer(options);
      const listening = await server.listen(integerFlag(flags.port, "--port"));
      out.result({ url: listening.url }, () => `Engram server listening on ${listening.url}`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          out.note(`${signal}: finishing requests in flight, then closing the stores.`);
          listening.close().then(resolve, (error: unknown) => {
            out.note(String(error));
            process.exitCode = 1;
            resolve();
          });
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
      });
    });

  program
    .command("mcp")
    .description("serve Engram as an MCP server on stdio (needs the optional @engram/mcp package)")
    .option("-u, --user <id>", "the user every tool call is confined to")
    .option("-a, --agent <id>", "the agent every tool call is confined to")
    .option("-r, --run <id>", "the run every tool call is confined to")
    .option("--allow-run-id", "let the model narrow a call to one run")
    .option("--read-only", "offer only the read tools")
    .action(async (options: McpFlags, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      if (flags.store) {
        throw new UsageError(
          "engram mcp serves a tenant's store under the config's dataDir; use --tenant (and --config), not --store.",
        );
      }
      let mcp: { runMcpStdio(options: Record<string, unknown>): Promise<void> };
      try {
        mcp = (await import(mcpPackage)) as typeof mcp;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
        throw new Error(
          "engram mcp needs the @engram/mcp package, which is not installed: npm install @engram/mcp",
        );
      }
      // The same config file the other commands read (--config, ENGRAM_CONFIG, or ./engram.config.json).
      const { file } = resolveConfig(flags);
      await mcp.runMcpStdio({
        ...(file ? { configPath: file } : {}),
        tenant: flags.tenant,
        env: process.env,
        ...(options.user ? { userId: options.user } : {}),
        ...(options.agent ? { agentId: options.agent } : {}),
        ...(options.run ? { runId: options.run } : {}),
        ...(options.allowRunId ? { allowRunId: true } : {}),
        ...(options.readOnly ? { readOnly: true } : {}),
      });
    });
}

/** The flags of `engram mcp`. */
interface McpFlags {
  user?: string;
  agent?: string;
  run?: string;
  allowRunId?: boolean;
  readOnly?: boolean;
}
