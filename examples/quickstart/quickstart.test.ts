import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-quickstart-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("runs both sessions offline and tells the story", { timeout: 180_000 }, () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: import.meta.dirname,
    encoding: "utf8",
    env: { ...process.env, ENGRAM_DIR: path.join(folder, "memory") },
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const output = result.stdout;
  const pids = [...output.matchAll(/\(process (\d+)\)/g)].map((match) => match[1]);
  expect(new Set(pids).size).toBe(2);
  const recalled = output.split("search:")[1]!.split("Dana: ")[0]!;
  expect(recalled).toMatch(/vegetarian/i);
  expect(output).toMatch(/→ "Lives in Porto"/);
  expect(output).toMatch(/deleted ".*Acme.*"/);
  const known = output.split("Everything Engram now knows about Dana")[1]!.split("Audit history")[0]!;
  expect(known).toMatch(/Lives in Porto/);
  expect(known).not.toMatch(/Acme/);
  expect(output).toMatch(/UPDATE by assistant/);
  expect(output).toMatch(/DELETE by api/);
});
