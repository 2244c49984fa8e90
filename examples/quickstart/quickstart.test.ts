import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const folder = mkdtempSync(path.join(os.tmpdir(), "engram-quickstart-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const section = (output: string, from: string, to: string) => output.split(from)[1]!.split(to)[0]!;

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
  const stored = section(output, "Engram stored", "Said again");
  for (const fact of [
    "Name is Dana",
    "Lives in Lisbon",
    "Is vegetarian",
    "Is allergic to peanuts",
    "Works at Acme",
  ]) {
    expect(stored).toContain(`ADD    ${fact}`);
  }
  expect(stored).not.toMatch(/Nice to meet you/);
  expect(output).toMatch(/Said again: .* → NONE/);
  expect(section(output, "search:", "Dana: ")).toMatch(/1\. Is vegetarian/);
  expect(output).toContain('ADD    Lives in Porto  (supersedes "Lives in Lisbon")');
  expect(output).toContain('ADD    No longer works at Acme  (supersedes "Works at Acme")');
  // "in October" is resolved against the session's time, so the memory names the year (October 2027 said in December 2026).
  expect(output).toMatch(/deleted "Is training for the Porto half marathon in October \d{4}"/u);
  const now = section(output, "What Engram knows about Dana now", "What it believed");
  expect(now).toContain("Lives in Porto");
  expect(now).not.toMatch(/Lisbon|marathon|• Works at Acme/);
  const before = section(output, "(asOf)", "Audit history");
  expect(before).toContain("Lives in Lisbon");
  expect(before).not.toContain("Porto");
  expect(output).toMatch(/SUPERSEDE by extractor:rules "Lives in Lisbon" → "Lives in Porto"/);
  expect(output).toMatch(/DELETE +by assistant +\(forgotten/);
  // Forget means forget: the marathon's text is gone from its history too.
  expect(section(output, "Audit history", "Done.")).not.toMatch(/marathon/);
});
