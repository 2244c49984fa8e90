import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Options of `startChromaServer`. */
export interface StartChromaServerOptions {
  /** Data directory. @default a new temporary directory, deleted by `stop()` */
  path?: string;
  /** Port to listen on. @default a free port */
  port?: number;
  /** How long to wait for the server's heartbeat, in ms. @default 60000 */
  startTimeoutMs?: number;
  /** Module whose `cli()` runs the server (resolved from this package). @default "chroma-server", then "chromadb-js-bindings-linux-x64-gnu" */
  bindings?: string;
}

/** A Chroma server running in a child process, for tests and benchmarks. */
export interface ChromaTestServer {
  /** Host to connect to. */
  readonly host: string;
  /** Port it listens on. */
  readonly port: number;
  /** Base URL, e.g. "http://127.0.0.1:54321". */
  readonly url: string;
  /** The data directory. */
  readonly path: string;
  /** Connection options for `createChromaStore` or `new ChromaClient`. */
  readonly connection: { host: string; port: number; ssl: false };
  /** Process id of the running server, if any. */
  readonly pid: number | undefined;
  /** Kills the server abruptly (SIGKILL) and keeps its data: a crash. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): requests hang until `resume()`. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  /** Stops the server and deletes the data directory if it was a temporary one. Safe to call twice. */
  stop(): Promise<void>;
}

const runner = `"use strict";
const [bindings, dataPath, port] = process.argv.slice(2);
require(bindings).cli(["chroma", "run", "--path", dataPath, "--port", port]);
`;

function resolveBindings(name: string | undefined): string {
  const require = createRequire(import.meta.url);
  const candidates = name ? [name] : ["chroma-server", "chromadb-js-bindings-linux-x64-gnu"];
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next name
    }
  }
  throw new Error(
    `[engram] [store-chroma] Could not find the Chroma server bindings (${candidates.join(", ")}). Add the dev dependency "chroma-server": "npm:chromadb-js-bindings-linux-x64-gnu@1.0.5".`,
  );
}

/** Finds a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function heartbeat(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Kills the server if this process dies without stopping it (a shell loop that watches both pids). */
function watchdog(serverPid: number): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 1; done; kill -9 ${serverPid} 2>/dev/null`;
  try {
    spawn("sh", ["-c", script], { detached: true, stdio: "ignore" }).unref();
  } catch {
    // best effort: the exit handler below still stops the server on a normal exit
  }
}

/** One server child process at a time, on a fixed port and data directory. */
class ServerProcess {
  private child: ChildProcess | undefined;
  private output = "";
  private readonly killOnExit = () => this.child?.kill("SIGKILL");

  constructor(
    private readonly command: string[],
    private readonly url: string,
    private readonly startTimeoutMs: number,
  ) {
    process.once("exit", this.killOnExit);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  async launch(): Promise<void> {
    this.output = "";
    const child = spawn(process.execPath, this.command, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    if (child.pid) watchdog(child.pid);
    const deadline = Date.now() + this.startTimeoutMs;
    while (!(await heartbeat(this.url))) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        this.child = undefined;
        throw new Error(
          `[engram] [store-chroma] The Chroma test server did not start at ${this.url}. Its output:\n${this.output}`,
        );
      }
      await sleep(100);
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.kill("SIGKILL");
    await waitForExit(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    process.removeListener("exit", this.killOnExit);
    if (!child) return;
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    const exited = await Promise.race([waitForExit(child).then(() => true), sleep(5000).then(() => false)]);
    if (!exited) {
      child.kill("SIGKILL");
      await waitForExit(child);
    }
  }
}

/**
 * Starts a real Chroma server (the npm-packaged Rust server) on a free port with a temporary data directory,
 * and waits until it answers. Stop it with `stop()`, e.g. in `afterAll`.
 * @example
 * const server = await startChromaServer();
 * const store = createChromaStore({ ...server.connection, collectionPrefix: "test-1" });
 * await server.stop();
 */
export async function startChromaServer(options: StartChromaServerOptions = {}): Promise<ChromaTestServer> {
  const bindings = resolveBindings(options.bindings);
  const root = mkdtempSync(path.join(os.tmpdir(), "engram-chroma-"));
  const dataPath = options.path ?? path.join(root, "data");
  mkdirSync(dataPath, { recursive: true });
  const script = path.join(root, "run-chroma.cjs");
  writeFileSync(script, runner);
  const port = options.port ?? (await freePort());
  const host = "127.0.0.1";
  const url = `http://${host}:${port}`;
  const server = new ServerProcess(
    [script, bindings, dataPath, String(port)],
    url,
    options.startTimeoutMs ?? 60_000,
  );
  try {
    await server.launch();
  } catch (error) {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    port,
    url,
    path: dataPath,
    connection: { host, port, ssl: false },
    get pid() {
      return server.pid;
    },
    kill: () => server.kill(),
    async restart() {
      await server.kill();
      await server.launch();
    },
    pause: () => server.signal("SIGSTOP"),
    resume: () => server.signal("SIGCONT"),
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
