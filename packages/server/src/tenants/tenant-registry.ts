import path from "node:path";
import { Memory, type MemoryStore } from "@engram/core";
import { HttpError } from "../errors/http-error.js";
import type { StoreFactory, TenantInfo, TenantMemoryOptions } from "./tenant-info.js";

/** Options of the tenant registry. */
export interface TenantRegistryOptions {
  /** The folder holding `tenants/<id>/`. */
  dataDir: string;
  /** Creates each tenant's store. */
  createStore: StoreFactory;
  /** The Memory options of every tenant, or a function of the tenant. */
  memory: TenantMemoryOptions | ((tenant: TenantInfo) => TenantMemoryOptions);
}

interface Tenant {
  memory: Memory;
  store: MemoryStore;
}

/** One `Memory` and one store per tenant, created on the tenant's first request and closed together. */
export class TenantRegistry {
  private readonly tenants = new Map<string, Promise<Tenant>>();
  private closed = false;

  constructor(private readonly options: TenantRegistryOptions) {}

  /** The tenant's Memory, created (and its store opened) on first use. */
  async memory(id: string): Promise<Memory> {
    if (this.closed)
      throw new HttpError({ status: 503, code: "shutting_down", message: "The server is shutting down." });
    let tenant = this.tenants.get(id);
    if (!tenant) {
      tenant = this.open(id);
      this.tenants.set(id, tenant);
      // A tenant whose store failed to open is tried again on its next request.
      tenant.catch(() => this.tenants.delete(id));
    }
    return (await tenant).memory;
  }

  private async open(id: string): Promise<Tenant> {
    const info: TenantInfo = { id, dataDir: path.join(this.options.dataDir, "tenants", id) };
    const settings =
      typeof this.options.memory === "function" ? this.options.memory(info) : this.options.memory;
    const store = await this.options.createStore(info);
    const memory = new Memory({ ...settings, store });
    try {
      await memory.initialize();
    } catch (error) {
      await store.close?.();
      throw error;
    }
    return { memory, store };
  }

  /** Closes every tenant's Memory and store; later requests get 503. */
  async close(): Promise<void> {
    this.closed = true;
    const opened = await Promise.allSettled(this.tenants.values());
    this.tenants.clear();
    for (const result of opened) {
      if (result.status !== "fulfilled") continue;
      try {
        await result.value.memory.close();
      } finally {
        await result.value.store.close?.();
      }
    }
  }
}
