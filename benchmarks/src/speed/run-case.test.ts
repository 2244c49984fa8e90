import { describe, expect, it } from "vitest";
import { generateWorkload } from "../workload/workload.js";
import { planBatches } from "./run-case.js";

describe("planBatches", () => {
  it("groups each user's memories in arrival order, never mixing users, and loses none", () => {
    const workload = generateWorkload({ size: 500, users: 6, dimensions: 4, seed: 3, queries: 1 });
    const batches = planBatches(workload.memories, 25);
    expect(batches.flat()).toHaveLength(500);
    expect(new Set(batches.flat().map((memory) => memory.text)).size).toBe(500);
    for (const batch of batches) {
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(25);
      expect(new Set(batch.map((memory) => memory.userId)).size).toBe(1);
      const positions = batch.map((memory) => workload.memories.indexOf(memory));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});
