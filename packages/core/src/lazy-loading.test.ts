import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("importing @engram/core loads neither the native SQLite module, the word vectors nor the NLP model", () => {
  const fixture = fileURLToPath(new URL("./__fixtures__/import-core.ts", import.meta.url));
  const result = spawnSync(process.execPath, ["--import", "tsx", fixture], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  const report = JSON.parse(result.stdout) as {
    exports: number;
    betterSqlite3: boolean;
    wink: boolean;
    winkNlp: boolean;
  };
  expect(report.exports).toBeGreaterThan(20);
  expect(report).toMatchObject({ betterSqlite3: false, wink: false, winkNlp: false });
});

it("the sqlite entry does load the native module (so the check above can fail)", () => {
  const script = `import("${fileURLToPath(new URL("./sqlite.ts", import.meta.url))}").then(() => { const r = require("node:module").createRequire(process.cwd() + "/"); console.log(Object.keys(r.cache).some((f) => f.includes("better-sqlite3"))); })`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  expect(result.stdout.trim()).toBe("true");
});

it("the first offline extraction does load the NLP model (so the check above can fail)", () => {
  const script = `import("${fileURLToPath(new URL("./index.ts", import.meta.url))}").then(async (core) => { await core.extractRuleFacts("I live in Porto."); const r = require("node:module").createRequire(process.cwd() + "/"); console.log(Object.keys(r.cache).some((f) => f.includes("wink-nlp"))); })`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  expect(result.stdout.trim()).toBe("true");
});

/** Runs the core entry (optionally resolving a time expression) and lists the chrono-node modules it resolved. */
function chronoModules(...args: string[]): string[] {
  const folder = mkdtempSync(path.join(os.tmpdir(), "engram-lazy-"));
  const file = path.join(folder, "resolved.txt");
  try {
    const hook = fileURLToPath(new URL("./__fixtures__/record-resolves.mjs", import.meta.url));
    const fixture = fileURLToPath(new URL("./__fixtures__/import-core-then.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", "--import", hook, fixture, ...args], {
      encoding: "utf8",
      env: { ...process.env, RECORD_FILE: file, RECORD_MATCH: "chrono-node" },
    });
    expect(result.stderr).toBe("");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

it("loads chrono-node only when an inferred add resolves times (and then it does)", () => {
  expect(chronoModules()).toEqual([]);
  expect(chronoModules("resolve").length).toBeGreaterThan(0);
});
