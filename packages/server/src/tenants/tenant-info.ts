import type { MaybePromise, MemoryOptions, MemoryStore } from "@engram/core";

/** A tenant as store factories see it. */
export interface TenantInfo {
  /** The tenant id from the key configuration. */
  id: string;
  /** The tenant's own folder, `<dataDir>/tenants/<id>` (created on first use by the SQLite store). */
  dataDir: string;
}

/** Creates the store of one tenant; called once per tenant, on its first request. */
export type StoreFactory = (tenant: TenantInfo) => MaybePromise<MemoryStore>;

/** The options every tenant's `Memory` is created with (the store comes from the store factory). */
export type TenantMemoryOptions = Omit<MemoryOptions, "store" | "path">;
