import { describe, expect, it } from "vitest";
import { contentSignature, isSubset } from "./content-signature.js";

/** True when the rules would fold `small` into `large`. */
function folds(small: string, large: string): boolean {
  const a = contentSignature(small);
  const b = contentSignature(large);
  return (
    a.negative === b.negative && a.operators === b.operators && a.terms.size > 0 && isSubset(a.terms, b.terms)
  );
}

describe("contentSignature", () => {
  it.each([
    ["Loves sushi", "Really loves sushi"],
    ["Likes sushi", "Absolutely loves sushi"],
    ["Lives in Porto", "Lives in Porto, Portugal"],
    ["Has a dog", "Has a dog named Rex"],
    ["Works at Acme", "Currently works at Acme as a designer"],
    ["Is vegetarian", "Is still vegetarian these days"],
    ["Doesn't eat meat", "Does not eat meat at all"],
  ])("folds %j into %j", (small, large) => {
    expect(folds(small, large)).toBe(true);
  });

  it.each([
    ["Lives in Paris", "Used to live in Paris"],
    ["Visited Japan", "Wants to visit Japan"],
    ["Eats meat", "Rarely eats meat"],
    ["Eats meat", "Stopped eating meat"],
    ["Likes dogs", "Likes dogs but not cats"],
    ["Likes jazz", "Hates jazz"],
    ["Likes jazz", "Doesn't like jazz"],
    ["Has 2 cats", "Has 3 cats"],
    ["Lives in Paris", "Lives in Lyon"],
    ["Works at Acme", "Might work at Acme next year"],
    ["Drinks coffee", "Drinks more coffee than tea"],
  ])("never folds %j into %j", (small, large) => {
    expect(folds(small, large)).toBe(false);
  });

  it("flips the sense once per negation and folds verbs of liking together", () => {
    expect(contentSignature("Doesn't dislike opera").negative).toBe(false);
    expect(contentSignature("Never drinks coffee").negative).toBe(true);
    expect([...contentSignature("Adores hiking").terms]).toEqual([
      ...contentSignature("Enjoys hiking").terms,
    ]);
  });
});
