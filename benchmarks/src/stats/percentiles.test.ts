import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./percentiles.js";

describe("percentile", () => {
  it("interpolates linearly between the closest ranks", () => {
    const sorted = [1, 2, 3, 4];
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(4);
    expect(percentile(sorted, 50)).toBe(2.5);
    // rank = 0.95 * 3 = 2.85 -> 3 + 0.85 * (4 - 3)
    expect(percentile(sorted, 95)).toBeCloseTo(3.85, 10);
  });

  it("returns the only sample for every p", () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it("matches hand-computed values on 1..100", () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 50)).toBeCloseTo(50.5, 10);
    expect(percentile(sorted, 99)).toBeCloseTo(99.01, 10);
  });

  it("refuses empty input and out-of-range p", () => {
    expect(() => percentile([], 50)).toThrow(/at least one sample/);
    expect(() => percentile([1], 101)).toThrow(/within 0..100/);
    expect(() => percentile([1], Number.NaN)).toThrow(/within 0..100/);
  });
});

describe("summarize", () => {
  it("sorts unsorted samples before taking percentiles", () => {
    const summary = summarize([5, 1, 4, 2, 3]);
    expect(summary).toEqual({
      count: 5,
      mean: 3,
      min: 1,
      p50: 3,
      p95: 4.8,
      p99: expect.closeTo(4.96, 10),
      max: 5,
    });
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});
