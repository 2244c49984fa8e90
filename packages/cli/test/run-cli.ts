// Runs the built `engram` binary as a child process in a temporary folder with its own config and store.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built binary the tests run (`pnpm build` first). */
export const cliPath = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run pnpm build in packages/cli first.`);

/** What one run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary folder with an engram.config.json (hashing embedder, no request log). */
export interface Workspace {
  dir: string;
  run(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliRun>;
  /** Runs with --json and parses stdout. */
  json<T = unknown>(args: string[]): Promise<T>;
  remove(): Promise<void>;
}

/** Creates a workspace; `config` is written as its engram.config.json. */
export async function createWorkspace(
  config: object = { embedder: "hashing", logger: false },
): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), "engram-cli-"));
  await writeFile(path.join(dir, "engram.config.json"), JSON.stringify(config));
  const env = { PATH: process.env.PATH ?? "", HOME: dir, NO_COLOR: "1" };
  const run: Workspace["run"] = (args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [cliPath, ...args],
        { cwd: dir, env: { ...env, ...options.env }, timeout: 20_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(options.input ?? "");
    });
  return {
    dir,
    run,
    async json<T>(args: string[]) {
      const result = await run([...args, "--json"]);
      if (result.code !== 0)
        throw new Error(`engram ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Starts `engram serve` and resolves with its URL once it listens; `stop()` sends SIGTERM and gives the exit code. */
export function startServe(workspace: Workspace, env: Record<string, string>) {
  const child = spawn(process.execPath, [cliPath, "serve", "--port", "0", "--host", "127.0.0.1", "--json"], {
    cwd: workspace.dir,
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /"url": "([^"]+)"/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    exited.then((code) => reject(new Error(`engram serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      return { code: await exited, stderr: () => stderr };
    },
  };
}
