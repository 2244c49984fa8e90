import { createHash, timingSafeEqual } from "node:crypto";
import { checkScopeId, InvalidArgumentError } from "@engram/core";
import { checkTenantId } from "../tenants/tenant-id.js";
import type { ApiKey, ApiKeyOptions } from "./api-key.js";

const minimumKeyLength = 16;

interface Entry {
  digest: Buffer;
  key: ApiKey;
}

function digest(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

function checkEntry(options: ApiKeyOptions, index: number): ApiKey {
  const argument = `keys[${index}]`;
  if (typeof options?.key !== "string" || options.key.length < minimumKeyLength || /\s/.test(options.key)) {
    throw new InvalidArgumentError({
      argument: `${argument}.key`,
      message: `expected a key of at least ${minimumKeyLength} characters without spaces, e.g. from \`openssl rand -hex 24\`.`,
    });
  }
  const tenant = checkTenantId(options.tenant, `${argument}.tenant`);
  const key: ApiKey = {
    tenant,
    readOnly: options.readOnly === true,
    name: options.name ?? `${tenant}#${index}`,
  };
  if (options.userId !== undefined) key.userId = checkScopeId(options.userId, `${argument}.userId`);
  if (options.agentId !== undefined) key.agentId = checkScopeId(options.agentId, `${argument}.agentId`);
  return key;
}

/** The configured API keys, looked up in constant time (every key is compared, by SHA-256 digest). */
export class KeyTable {
  private readonly entries: Entry[];

  constructor(keys: readonly ApiKeyOptions[]) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new InvalidArgumentError({
        argument: "keys",
        message:
          'configure at least one API key, e.g. keys: [{ key: "…", tenant: "default" }] or ENGRAM_API_KEYS.',
      });
    }
    this.entries = keys.map((options, index) => ({
      digest: digest(options?.key),
      key: checkEntry(options, index),
    }));
    const seen = new Set<string>();
    for (const [index, entry] of this.entries.entries()) {
      const hex = entry.digest.toString("hex");
      if (seen.has(hex))
        throw new InvalidArgumentError({
          argument: `keys[${index}].key`,
          message: "the same key is listed twice.",
        });
      seen.add(hex);
    }
  }

  /** The tenants the keys open, each once. */
  tenants(): string[] {
    return [...new Set(this.entries.map((entry) => entry.key.tenant))];
  }

  /** The key matching `secret`, or undefined; takes the same time whichever key (if any) matches. */
  find(secret: string): ApiKey | undefined {
    const presented = digest(secret);
    let found: ApiKey | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.key;
    }
    return found;
  }
}
