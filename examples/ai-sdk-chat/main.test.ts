// Runs the example the way a user would (`pnpm start`) and checks what it printed, so CI proves it works.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const directory = mkdtempSync(path.join(os.tmpdir(), "engram-example-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

it("remembers alice's turn, retrieves it in a later streamed request, and keeps bob separate", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [tsx, "main.ts"], {
    cwd: here,
    env: { ...process.env, ENGRAM_DIR: directory },
    timeout: 120_000,
  });
  const [first, second, third] = stdout.split(/\n(?=alice|bob)/u).slice(1);

  expect(first).toMatch(/remembered for alice: .*vegetarian/iu);
  expect(second).toMatch(/retrieved: .*vegetarian/iu);
  expect(second).toMatch(
    /assistant \(streamed\): Remembering ".*vegetarian.*", how about a mushroom risotto tonight\?/iu,
  );
  expect(third).toContain("retrieved: (nothing)");
  expect(third).not.toMatch(/vegetarian|Lisbon/iu);
}, 150_000);
