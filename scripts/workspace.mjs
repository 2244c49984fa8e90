// Shared helpers for the root scripts: the environment every install/build needs, and a pnpm that works
// on a machine with only Node and npm (pnpm is fetched once through npx at the pinned version).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).packageManager; // "pnpm@10.x.y"

/** Environment for installs and builds: no telemetry, and node-gyp builds against the local Node headers. */
export const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  MEM0_TELEMETRY: "false",
  npm_config_nodedir: process.env.npm_config_nodedir || path.dirname(path.dirname(process.execPath)),
};

function pnpmCommand() {
  const version = pinned.split("@")[1];
  const local = spawnSync("pnpm", ["--version"], {
    encoding: "utf8",
    env,
    shell: process.platform === "win32",
  });
  if (local.status === 0 && local.stdout.trim() === version) return ["pnpm", []];
  return ["npx", ["--yes", pinned]];
}

/** Runs pnpm with the given arguments in the repository root and returns its exit status. */
export function tryPnpm(...args) {
  const [command, prefix] = pnpmCommand();
  console.log(`\n$ pnpm ${args.join(" ")}`);
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    env,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  return result.status ?? 1;
}

/** Runs pnpm with the given arguments in the repository root; exits the process on failure. */
export function pnpm(...args) {
  const [command, prefix] = pnpmCommand();
  console.log(`\n$ pnpm ${args.join(" ")}`);
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    env,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) {
    console.error(`\n[engram] "pnpm ${args.join(" ")}" failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
