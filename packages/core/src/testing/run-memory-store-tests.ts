import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import type { MemoryStore } from "../store/memory-store.js";
import type { MemoryStoreTestOptions } from "./conformance-context.js";
import { filterTests } from "./filter-tests.js";
import { listTests } from "./list-tests.js";
import { memoryApiTests } from "./memory-api-tests.js";
import { scopeTests } from "./scope-tests.js";
import { searchTests } from "./search-tests.js";
import { writeTests } from "./write-tests.js";
import { concurrencyApiTests } from "./concurrency-api-tests.js";
import { erasureApiTests } from "./erasure-api-tests.js";
import { isolationPropertyTests } from "./isolation-property-tests.js";
import { lifecycleTests } from "./lifecycle-tests.js";
import { consolidationTests } from "./consolidation-tests.js";
import { versionTests } from "./version-tests.js";
import { dateRangeTests } from "./date-range-tests.js";
import { importTests } from "./import-tests.js";
import { scopesTests } from "./scopes-tests.js";

/**
 * Runs the store conformance suite: every Engram store, ours or a user's, must pass it.
 * @example
 * runMemoryStoreTests({ name: "my-store", createStore: () => createMyStore() });
 */
export function runMemoryStoreTests(options: MemoryStoreTestOptions): void {
  describe(`MemoryStore conformance: ${options.name}`, { timeout: options.timeoutMs ?? 30_000 }, () => {
    let store: MemoryStore | undefined;
    const getStore = () => {
      if (!store) throw new Error("The store is created in beforeEach; call getStore() inside a test.");
      return store;
    };
    if (options.beforeAll) beforeAll(options.beforeAll);
    if (options.afterAll) afterAll(options.afterAll);
    beforeEach(async () => {
      store = await options.createStore();
    });
    afterEach(async () => {
      if (!store) return;
      const current = store;
      store = undefined;
      if (options.destroyStore) await options.destroyStore(current);
      else await current.close?.();
    });
    describe("write", () => writeTests(getStore));
    describe("list", () => listTests(getStore));
    describe("search", () => searchTests(getStore));
    describe("filters", () => filterTests(getStore));
    describe("scope", () => scopeTests(getStore));
    describe("memory api", () => memoryApiTests(getStore));
    describe("versions", () => versionTests(getStore));
    describe("erasure", () => erasureApiTests(getStore, options));
    describe("concurrency", () => concurrencyApiTests(getStore));
    describe("lifecycle", () => lifecycleTests(getStore));
    describe("dates", () => dateRangeTests(getStore));
    describe("consolidation", () => consolidationTests(getStore));
    describe("scopes", () => scopesTests(getStore));
    describe("import", () => importTests(getStore));
    describe("isolation (property-based)", () => isolationPropertyTests(getStore, options));
    if (options.additionalTests) describe("store-specific", () => options.additionalTests!(getStore));
  });
}
