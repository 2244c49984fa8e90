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

it("writes alice's turns back, recalls them with a fresh agent, saves through a tool, and keeps bob separate", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [tsx, "main.ts"], {
    cwd: here,
    env: { ...process.env, ENGRAM_DIR: directory },
    timeout: 120_000,
  });
  const [told, toolRun, recalled, bob] = stdout.split(/\n\n(?=alice|bob)/u).slice(1);

  expect(told).toContain("retrieved: (nothing)");
  expect(told).toMatch(/remembered for alice: .*allergic to peanuts/iu);
  expect(toolRun).toMatch(/assistant: Saved to your long-term memory\./u);
  expect(toolRun).toMatch(/remembered for alice: .*sister Ana is visiting next week/iu);
  expect(recalled).toMatch(/retrieved: .*allergic to peanuts/iu);
  expect(recalled).toMatch(
    /assistant: Remembering ".*allergic to peanuts.*", I suggest a peanut-free green curry\./iu,
  );
  expect(bob).toContain("retrieved: (nothing)");
  expect(bob).toContain("assistant: How about a classic pad thai?");
  expect(bob).not.toMatch(/peanut|Ana/u);
}, 150_000);
