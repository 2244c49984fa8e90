import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const tsconfig = fileURLToPath(new URL("./tsconfig.child.json", import.meta.url));

/** A child Node process running one of the test scripts in this folder. */
export interface Child {
  /** The process. */
  process: ChildProcess;
  /** Lines printed on stdout so far. */
  lines: string[];
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything printed on stderr. */
  stderr: () => string;
}

/** Runs `test/<script>` with tsx (sources, not builds) and the given JSON argument; its stdin is a pipe. */
export function spawnChild(script: string, argument: unknown): Child {
  const child = spawn(
    process.execPath,
    [
      "--import",
      require.resolve("tsx"),
      fileURLToPath(new URL(script, import.meta.url)),
      JSON.stringify(argument),
    ],
    {
      env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const lines: string[] = [];
  let pending = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      if (pending) lines.push(pending);
      resolve({ code, signal });
    });
  });
  return { process: child, lines, exited, stderr: () => stderr };
}
