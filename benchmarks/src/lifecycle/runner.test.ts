import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHashingEmbedder, createInMemoryStore } from "@engram/core";
import { afterAll, describe, expect, it } from "vitest";
import { machineInfo } from "../speed/bench-results.js";
import { generateUser } from "./generator.js";
import { maintenanceLifecycle } from "./maintenance-policy.js";
import { renderLifecycleReport } from "./report.js";
import { runUser } from "./runner.js";

const directory = mkdtempSync(path.join(os.tmpdir(), "engram-lifecycle-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// The benchmark runs on SQLite; the test uses the in-memory store so it takes about a second.
const createStore = () => createInMemoryStore();

describe("runUser", () => {
  it("runs a short year in both modes, with and without maintenance, and renders the report", async () => {
    const user = generateUser({ seed: 3, sessions: 30 });
    const embedder = createHashingEmbedder({ dimensions: 64 });
    const runs = [];
    for (const mode of ["rules", "oracle"] as const)
      for (const maintenance of [false, true])
        runs.push(
          await runUser({
            user,
            mode,
            maintenance,
            consolidation: false,
            embedder,
            directory,
            checkpointEvery: 15,
            createStore,
          }),
        );
    const [rules, , oracle, oracleWith] = runs;
    expect(rules!.active.map((count) => count.checkpoint)).toEqual([15, 30]);
    expect(rules!.current.questions).toBeGreaterThan(8);
    expect(rules!.asOf.questions).toBeGreaterThan(50);
    expect(rules!.maintenanceMs).toEqual([]);
    // Maintenance every 30 days up to the last session (day 352 of 365).
    expect(oracleWith!.maintenanceMs.length).toBe(11);
    expect(oracle!.model!.calls.memory_operations).toBe(oracle!.messages);
    expect(oracle!.active.at(-1)!.total).toBeGreaterThan(rules!.active.at(-1)!.total);
    const report = renderLifecycleReport({
      startedAt: "2027-01-01T00:00:00.000Z",
      machine: machineInfo(),
      loadAverageAtEnd: 1,
      options: { users: 1, sessions: 30, seed: 3, modes: ["rules", "oracle"] },
      embedder: embedder.name,
      consolidation: false,
      runtimeSeconds: 1,
      runs,
    });
    expect(report).toContain("### Targets");
    expect(report).toContain("scripted oracle, with maintenance");
    expect(report).toContain("not available in this build of core");
  });

  it("passes lifecycle.consolidate only behind the feature check", () => {
    expect(maintenanceLifecycle(false)).not.toHaveProperty("consolidate");
    expect(maintenanceLifecycle(true)).toHaveProperty("consolidate");
  });
});
