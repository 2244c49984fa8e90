import { describe, expect, it } from "vitest";
import { chooseFloor, type FloorCase, floorMetrics } from "./floor-metrics.js";

const memory = (id: string, relevance: number, tokens = 10) => ({
  text: id,
  sourceIds: [id],
  relevance,
  tokens,
});

const cases: FloorCase[] = [
  { sampleId: "a", evidence: new Set(["D1:1"]), ranked: [memory("D1:1", 0.8), memory("D1:2", 0.3)] },
  { sampleId: "a", evidence: new Set(["D1:3", "D1:4"]), ranked: [memory("D1:5", 0.6), memory("D1:3", 0.5)] },
];
const offTopic: FloorCase[] = [{ sampleId: "b", evidence: new Set(), ranked: [memory("D1:9", 0.35)] }];

describe("floorMetrics", () => {
  it("scores recall, padding and off-topic injection with and without a floor", () => {
    const none = floorMetrics(0, cases, offTopic, 15);
    expect(none.recall10).toBeCloseTo(75);
    expect(none.kept10).toBe(2);
    expect(none.irrelevant10).toBe(1);
    expect(none.precision10).toBe(50);
    expect(none.recallBudget).toBeCloseTo(50);
    expect(none.tokensBudget).toBe(10);
    expect(none.offTopicBudget).toBe(1);
    const floored = floorMetrics(0.4, cases, offTopic, 15);
    expect(floored.recall10).toBeCloseTo(75);
    expect(floored.irrelevant10).toBe(0.5);
    expect(floored.offTopicBudget).toBe(0);
    expect(floorMetrics(0.9, cases, offTopic, 15).empty).toBe(100);
  });

  it("chooses the highest floor that keeps recall within the allowed loss", () => {
    expect(chooseFloor([0.1, 0.4, 0.55, 0.7], cases, offTopic, 15, 0)).toBe(0.4);
    expect(chooseFloor([0.1, 0.4, 0.55, 0.7], cases, offTopic, 15, 30)).toBe(0.7);
  });
});
