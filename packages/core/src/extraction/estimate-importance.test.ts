import { describe, expect, it } from "vitest";
import { estimateImportance } from "./estimate-importance.js";

describe("estimateImportance", () => {
  it("ranks what the user asked to keep and who they are above passing episodes", () => {
    const asked = estimateImportance(
      "Daughter Ana was born on May 3, 2019",
      "fact",
      "Remember that Ana was born on May 3, 2019",
    );
    const identity = estimateImportance("Is allergic to peanuts", "fact");
    const plain = estimateImportance("Likes jazz", "preference");
    const episode = estimateImportance("Had a coffee at the station", "episode");
    expect(asked).toBe(1);
    expect(identity).toBeCloseTo(0.65);
    expect(plain).toBeCloseTo(0.55);
    expect(episode).toBeCloseTo(0.4);
    expect([asked, identity, plain, episode]).toEqual(
      [...[asked, identity, plain, episode]].sort((a, b) => b - a),
    );
  });

  it("stays within [0.1, 1]", () => {
    for (const text of ["", "x", "Remember: always never important 2024 name born married"])
      for (const type of ["episode", "instruction", "fact"]) {
        const value = estimateImportance(text, type);
        expect(value).toBeGreaterThanOrEqual(0.1);
        expect(value).toBeLessThanOrEqual(1);
      }
  });
});
