import type { MiddlewareHandler } from "hono";
import { readCredentials } from "../auth/read-credentials.js";
import type { KeyTable } from "../auth/key-table.js";
import { HttpError } from "../errors/http-error.js";
import type { ServerEnv } from "../server-env.js";
import type { TenantRegistry } from "../tenants/tenant-registry.js";

/** Middleware that admits only requests with a configured key, and hands the key and its tenant's Memory on. */
export function authenticate(keys: KeyTable, tenants: TenantRegistry): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const secret = readCredentials(c.req.header("authorization"));
    const key = secret === undefined ? undefined : keys.find(secret);
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="engram"');
      throw new HttpError({
        status: 401,
        code: "unauthorized",
        message:
          secret === undefined
            ? "Missing API key: send Authorization: Bearer <key> (or Token <key>)."
            : "Unknown API key.",
      });
    }
    c.set("key", key);
    c.set("memory", await tenants.memory(key.tenant));
    await next();
  };
}
