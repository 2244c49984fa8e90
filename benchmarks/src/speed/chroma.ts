import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { MemoryStore } from "@engram/core";

/** A Chroma server started for the benchmark. */
export interface ChromaServer {
  /** Host the server listens on. */
  host: string;
  /** Port the server listens on. */
  port: number;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the npm-packaged Chroma server (dev dependency `chroma-server`) on a free port with a temporary data folder. */
export async function startChromaServer(): Promise<ChromaServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "engram-bench-chroma-"));
  const port = await freePort();
  const script = `require("chroma-server").cli(["chroma", "run", "--path", ${JSON.stringify(dir)}, "--port", "${port}"])`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script], {
    cwd: path.dirname(new URL(import.meta.url).pathname),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-2000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`);
      if (response.ok) return { host: "127.0.0.1", port, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`The Chroma server did not start within 15 s. Its last output: ${stderr || "(none)"}`);
}

/** What the benchmark needs from `@engram/store-chroma`: a store factory over a chromadb client. */
export type ChromaStoreFactory = (server: ChromaServer, collection: string) => Promise<MemoryStore>;

/**
 * Loads the Chroma store from `@engram/store-chroma` if that package (built) exports `createChromaStore`;
 * returns the reason otherwise, so the report can say why Chroma was not measured.
 */
export async function loadChromaStoreFactory(): Promise<ChromaStoreFactory | string> {
  // A variable specifier keeps the type checker from requiring an export the package may not have yet.
  const specifier = "@engram/store-chroma";
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0]!.replace(/ imported from .*$/u, "");
    return `@engram/store-chroma could not be loaded (${reason}); build it with \`cd packages/store-chroma && npx tsup\`.`;
  }
  const create = module.createChromaStore;
  if (typeof create !== "function") return "@engram/store-chroma does not export createChromaStore yet.";
  const { ChromaClient } = await import("chromadb");
  return async (server, collection) => {
    const client = new ChromaClient({ host: server.host, port: server.port, ssl: false });
    const store = await (create as (options: Record<string, unknown>) => MemoryStore | Promise<MemoryStore>)({
      client,
      collectionPrefix: collection,
    });
    return store;
  };
}
