import path from "node:path";
import type { MemoryStore } from "@engram/core";
import type { TenantInfo } from "./tenant-info.js";

/** The default store factory: one SQLite file per tenant, `<dataDir>/tenants/<tenant>/memory.db`. */
export async function createSqliteTenantStore(tenant: TenantInfo): Promise<MemoryStore> {
  // Loaded lazily: importing the server never loads the native better-sqlite3 module.
  const { createSqliteStore } = await import("@engram/core/sqlite");
  return createSqliteStore({ path: path.join(tenant.dataDir, "memory.db") });
}
