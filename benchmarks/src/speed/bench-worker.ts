// Child process entry: runs one case (one system, one size) and writes its result as JSON to --out.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInMemoryStore, type MemoryStore } from "@engram/core";
import { createSqliteStore } from "@engram/core/sqlite";
import { createPrecomputedEmbedder, vectorsOf } from "../workload/precomputed-embedder.js";
import type { Workload } from "../workload/workload.js";
import type { BenchTarget } from "./bench-target.js";
import { loadChromaStoreFactory, startChromaServer } from "./chroma.js";
import { createEngramTarget } from "./engram-target.js";
import { createMem0Target } from "./mem0-target.js";
import { type CaseConfig, runCase } from "./run-case.js";

/** Path of the SQLite file a case leaves behind for the cold-start measurement. */
export function sqliteFileOf(config: CaseConfig): string {
  return path.join(config.directory, `engram-${config.size}.db`);
}

/** Folder of the mem0 files a case leaves behind for the cold-start measurement. */
export function mem0DirOf(config: CaseConfig): string {
  return path.join(config.directory, `mem0-${config.size}`);
}

async function createTarget(config: CaseConfig, workload: Workload): Promise<BenchTarget> {
  const vectors = vectorsOf([...workload.memories, ...workload.queries]);
  const embedder = createPrecomputedEmbedder({ dimensions: config.dimensions, vectors });
  switch (config.system) {
    case "engram-memory":
      return createEngramTarget(createInMemoryStore(), embedder);
    case "engram-sqlite":
      return createEngramTarget(createSqliteStore({ path: sqliteFileOf(config) }), embedder);
    case "mem0":
      return createMem0Target({
        dimensions: config.dimensions,
        directory: mem0DirOf(config),
        vectorFor: embedder.vectorFor,
      });
    case "engram-chroma": {
      const factory = await loadChromaStoreFactory();
      if (typeof factory === "string") throw new Error(factory);
      const server = await startChromaServer();
      let store: MemoryStore;
      try {
        store = await factory(server, `bench_${config.size}`);
      } catch (error) {
        await server.stop();
        throw error;
      }
      const target = await createEngramTarget(store, embedder);
      return {
        ...target,
        close: async () => {
          await target.close();
          await server.stop();
        },
      };
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: "string" }, out: { type: "string" } } });
  if (!values.config || !values.out) throw new Error("usage: bench-worker --config <json> --out <file>");
  const config = JSON.parse(values.config) as CaseConfig;
  try {
    const result = await runCase(config, (workload) => createTarget(config, workload));
    writeFileSync(values.out, JSON.stringify({ ok: true, result }));
  } catch (error) {
    writeFileSync(values.out, JSON.stringify({ ok: false, error: (error as Error).stack ?? String(error) }));
  }
}

await main();
