import { readFileSync } from "node:fs";
import { createHashingEmbedder, InvalidArgumentError, type MemoryOptions } from "@engram/core";
import type { z } from "zod";
import type { ApiKeyOptions } from "../auth/api-key.js";
import type { ServerOptions } from "../server-options.js";
import { type ConfigFile, configFileSchema, keyConfigSchema } from "./config-file-schema.js";

/** Options of `loadServerConfig()`: where the config comes from. */
export interface LoadServerConfigOptions {
  /** A JSON config file. @default env.ENGRAM_CONFIG, else none */
  file?: string;
  /** The environment read for ENGRAM_API_KEYS, ENGRAM_HOST, ENGRAM_PORT, ENGRAM_DIR and ENGRAM_BODY_LIMIT. @default process.env */
  env?: Record<string, string | undefined>;
}

function invalid(argument: string, error: z.ZodError): InvalidArgumentError {
  const [issue] = error.issues;
  const at = issue?.path.length ? `${argument}.${issue.path.join(".")}` : argument;
  return new InvalidArgumentError({ argument: at, message: issue?.message ?? "invalid" });
}

function readConfigFile(file: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: "config",
      message: `could not read ${file} as JSON: ${(cause as Error).message}`,
      cause,
    });
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw invalid(file, parsed.error);
  return parsed.data;
}

/**
 * Keys from ENGRAM_API_KEYS: a JSON list of key objects, or comma-separated `tenant:key` pairs (a bare key opens
 * the tenant "default").
 */
export function parseApiKeys(value: string): ApiKeyOptions[] {
  const text = value.trim();
  if (text.startsWith("[")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new InvalidArgumentError({ argument: "ENGRAM_API_KEYS", message: "is not valid JSON.", cause });
    }
    const parsed = keyConfigSchema.array().safeParse(json);
    if (!parsed.success) throw invalid("ENGRAM_API_KEYS", parsed.error);
    return parsed.data;
  }
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const colon = entry.indexOf(":");
      return colon === -1
        ? { key: entry, tenant: "default" }
        : { key: entry.slice(colon + 1), tenant: entry.slice(0, colon) };
    });
}

function integerFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError({ argument: name, message: `expected a whole number, got "${value}".` });
  return Number(value);
}

/**
 * Server options from a JSON config file and the environment (the environment wins; ENGRAM_API_KEYS adds keys
 * to the file's). Functions (store factories, models) can only be given in TypeScript: spread the result.
 */
export function loadServerConfig(options: LoadServerConfigOptions = {}): ServerOptions {
  const env = options.env ?? process.env;
  const file = options.file ?? env.ENGRAM_CONFIG;
  const config = file ? readConfigFile(file) : {};
  const keys = [...(config.keys ?? []), ...(env.ENGRAM_API_KEYS ? parseApiKeys(env.ENGRAM_API_KEYS) : [])];
  const memory: Omit<MemoryOptions, "store" | "path"> = { ...(config.memory ?? {}) };
  if (config.embedder === "hashing") memory.embedder = createHashingEmbedder();
  const port = integerFrom(env.ENGRAM_PORT, "ENGRAM_PORT") ?? config.port;
  const bodyLimit = integerFrom(env.ENGRAM_BODY_LIMIT, "ENGRAM_BODY_LIMIT") ?? config.bodyLimit;
  const host = env.ENGRAM_HOST || config.host;
  const dataDir = env.ENGRAM_DIR || config.dataDir;
  return {
    keys,
    memory,
    ...(host ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(bodyLimit !== undefined ? { bodyLimit } : {}),
    ...(config.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: config.shutdownTimeoutMs } : {}),
    ...(config.logger === false ? { logger: false as const } : {}),
  };
}
