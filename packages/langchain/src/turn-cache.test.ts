import { describe, expect, it } from "vitest";
import { TurnCache } from "./turn-cache.js";

describe("TurnCache", () => {
  it("evicts the oldest entry when full and forgets deleted keys", () => {
    const cache = new TurnCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 3);
    cache.set("c", 4);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(3);
    cache.delete("a");
    expect(cache.size).toBe(1);
  });
});
