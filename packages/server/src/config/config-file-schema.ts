import { z } from "zod";

/** One API key in a config file or in ENGRAM_API_KEYS (JSON form). */
export const keyConfigSchema = z.strictObject({
  key: z.string(),
  tenant: z.string(),
  userId: z.string().optional(),
  agentId: z.string().optional(),
  readOnly: z.boolean().optional(),
  name: z.string().optional(),
});

/** A JSON config file: the JSON-expressible part of `ServerOptions`. */
export const configFileSchema = z.strictObject({
  keys: z.array(keyConfigSchema).optional(),
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().optional(),
  bodyLimit: z.number().int().min(0).optional(),
  shutdownTimeoutMs: z.number().int().min(0).optional(),
  /** false turns request logging off. */
  logger: z.boolean().optional(),
  /** "wink": the offline word-vector embedder (core's default); "hashing": the test embedder, no install needed. */
  embedder: z.enum(["wink", "hashing"]).optional(),
  /** JSON Memory options of every tenant (retrieval, lifecycle, accessLog, reconciliation, actor, …); core checks them. */
  memory: z.record(z.string(), z.unknown()).optional(),
});

/** A parsed config file. */
export type ConfigFile = z.infer<typeof configFileSchema>;
