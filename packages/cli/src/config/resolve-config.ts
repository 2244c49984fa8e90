import { existsSync } from "node:fs";
import path from "node:path";
import { loadServerConfig } from "@engram/server";
import type { GlobalOptions } from "./cli-options.js";

/** The default config file, looked for in the working directory. */
export const defaultConfigFile = "engram.config.json";

/** Where the CLI's settings come from and which store it opens. */
export interface ResolvedConfig {
  /** The config file read, if any. */
  file?: string;
  /** The server options the config gives (the CLI reads the same loader as `engram-server`). */
  server: ReturnType<typeof loadServerConfig>;
  /** The SQLite file of the store to open. */
  storePath: string;
}

/**
 * Reads the config like the server does (`--config`, else ENGRAM_CONFIG, else `./engram.config.json` when it
 * exists; the environment wins) and names the store: `--store`, else the tenant's file under the data folder.
 */
export function resolveConfig(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const file =
    options.config ?? env.ENGRAM_CONFIG ?? (existsSync(defaultConfigFile) ? defaultConfigFile : undefined);
  if (file !== undefined && !existsSync(file))
    throw new Error(
      `the config file ${file} does not exist; pass --config with an existing file, or leave it out.`,
    );
  const server = loadServerConfig({ ...(file ? { file } : {}), env });
  const dataDir = server.dataDir ?? ".engram";
  const storePath = options.store ?? path.join(dataDir, "tenants", options.tenant, "memory.db");
  return { ...(file ? { file } : {}), server, storePath };
}
