import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "./bench-options.js";

describe("parseBenchOptions", () => {
  it("uses the documented defaults", () => {
    const options = parseBenchOptions([], "/out");
    expect(options).toMatchObject({
      sizes: [1000, 10_000, 20_000, 100_000],
      systems: ["engram-memory", "engram-sqlite", "engram-chroma", "mem0"],
      dimensions: 384,
      users: 100,
      mem0MaxSize: 20_000,
      pipeline: true,
      out: "/out",
    });
  });

  it("has a quick mode with small sizes and few queries", () => {
    const options = parseBenchOptions(["--quick"], "/out");
    expect(options).toMatchObject({ sizes: [1000, 2000], queries: 50, mem0Queries: 10, coldStartRuns: 1 });
  });

  it("accepts k suffixes, sorts and de-duplicates sizes, and lets flags override quick mode", () => {
    const options = parseBenchOptions(
      ["--quick", "--sizes", "100k,1k,1000", "--queries", "7", "--no-pipeline"],
      "/out",
    );
    expect(options).toMatchObject({ sizes: [1000, 100_000], queries: 7, pipeline: false });
  });

  it("explains bad flags", () => {
    expect(() => parseBenchOptions(["--sizes", "ten"], "/out")).toThrow(/--sizes expects a whole number/);
    expect(() => parseBenchOptions(["--systems", "redis"], "/out")).toThrow(/unknown system "redis"/);
    expect(() => parseBenchOptions(["--bogus"], "/out")).toThrow(/bogus/);
    expect(parseBenchOptions(["--help"], "/out")).toBe("help");
  });
});
