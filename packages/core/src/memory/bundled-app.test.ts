import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Bundled as Next.js, Vercel and Lambda builds do: everything inlined except the native SQLite module, then run
// from a folder outside the workspace holding only what a deployment would ship next to the bundle.
const source = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const fromCore = createRequire(import.meta.url);
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-bundle-"));
const bundle = path.join(folder, "app.mjs");
const vectors = fromCore.resolve("@engram/wink-vectors/wink-sg-100d.bin");

function shipPackage(name: string, target: string) {
  const directory = path.dirname(realpathSync(fromCore.resolve(`${name}/package.json`)));
  mkdirSync(path.dirname(path.join(target, "node_modules", name)), { recursive: true });
  symlinkSync(directory, path.join(target, "node_modules", name), "dir");
}

function run(environment: Record<string, string> = {}) {
  const dataDir = mkdtempSync(path.join(folder, "data-"));
  const result = spawnSync(process.execPath, [bundle], {
    cwd: folder,
    encoding: "utf8",
    env: { PATH: process.env.PATH, ENGRAM_DIR: dataDir, ...environment },
  });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout.trim()) as { found?: string; error?: string };
}

beforeAll(async () => {
  await build({
    entryPoints: [source("__fixtures__/bundled-app.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["better-sqlite3"],
    alias: { "@engram/core": source("index.ts") },
    // CommonJS dependencies (ms, stopword) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as bannerRequire } from 'node:module'; const require = bannerRequire(import.meta.url);",
    },
    logLevel: "silent",
  });
  shipPackage("better-sqlite3", folder);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("an app bundled with esbuild", () => {
  it("fails with the settings to change when the word vectors were left out of the deployment", () => {
    expect(run().error).toMatch(/@engram\/wink-vectors.*ENGRAM_WINK_VECTORS/u);
  });

  it("adds and searches with ENGRAM_WINK_VECTORS pointing at the vectors file copied next to the bundle", () => {
    copyFileSync(vectors, path.join(folder, "wink-sg-100d.bin"));
    expect(run({ ENGRAM_WINK_VECTORS: path.join(folder, "wink-sg-100d.bin") })).toEqual({
      found: "Has a golden retriever called Biscuit",
    });
  });

  it("adds and searches with @engram/wink-vectors shipped in node_modules, no setting needed", () => {
    shipPackage("@engram/wink-vectors", folder);
    expect(run()).toEqual({ found: "Has a golden retriever called Biscuit" });
  });
});
