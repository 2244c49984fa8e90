import { runMemoryStoreTests } from "../testing/run-memory-store-tests.js";
import { createInMemoryStore } from "./in-memory-store.js";

runMemoryStoreTests({ name: "in-memory", createStore: createInMemoryStore, isolationRuns: 1000 });
