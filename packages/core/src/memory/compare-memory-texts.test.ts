import { describe, expect, it } from "vitest";
import { compareMemoryTexts } from "./compare-memory-texts.js";

describe("compareMemoryTexts", () => {
  it.each([
    ["I really love sushi!", "I love sushi."],
    ["Sushi is something I really love!", "I love sushi."],
    ["I live in Porto.", "Lives in Porto."],
    ["I have 2 kids.", "Has two kids."],
    ["Luna is the name of my cat.", "My cat is called Luna."],
    ["Lives in Porto.", "Lives in Porto, Portugal."],
    ["I really can't stand horror movies.", "I can't stand horror movies."],
    ["Caroline: Thanks so much!", "Caroline: Thanks!"],
  ])("finds %j worded like %j (all terms shared)", (candidate, existing) => {
    expect(compareMemoryTexts(candidate, existing)).toEqual({
      compatible: true,
      overlap: expect.any(Number),
      extraTerms: 0,
    });
  });

  it.each([
    ["Dislikes sushi.", "Likes sushi.", "polarity"],
    ["I don't eat meat.", "I eat meat.", "polarity"],
    ["I like sushi.", "I hate sushi.", "polarity"],
    ["Used to be vegan.", "Is vegan.", "operators"],
    ["I want to visit Japan.", "I visited Japan.", "operators"],
    ["I rarely play tennis.", "I play tennis.", "operators"],
    ["I like sushi but not sashimi.", "I like sushi.", "polarity"],
    ["Has 3 kids.", "Has 2 kids.", "numbers"],
    ["I have three kids.", "I have two kids.", "numbers"],
    ["I went to Japan in 2021.", "I went to Japan in 2019.", "numbers"],
    ["The meeting is on Friday.", "The meeting is on Monday.", "numbers"],
    ["the appointment is on thursday", "the appointment is on tuesday", "numbers"],
    ["My sister is called Maria.", "My sister is called Anna.", "names"],
    ["I work at Microsoft.", "I work at Google.", "names"],
    ["My mom called me.", "I called my mom.", "roles"],
    ["My grandmother visited me.", "I visited my grandmother.", "roles"],
    ["Maria: Thanks, John. I definitely will!", "John: Got it! Thanks, Maria. I definitely will.", "roles"],
    ["turn 1.1 of the chat", "turn 1.2 of the chat", "numbers"],
    ["I have 2 dogs.", "I have 1 cat and 2 dogs.", "numbers"],
    ["?!", "I love sushi.", "empty"],
  ])("never calls %j the same as %j (%s)", (candidate, existing, conflict) => {
    expect(compareMemoryTexts(candidate, existing)).toMatchObject({ compatible: false, conflict });
  });

  it("counts what a new text adds and how much the two share", () => {
    expect(compareMemoryTexts("I love sushi and ramen.", "I love sushi.")).toEqual({
      compatible: true,
      overlap: 2 / 3,
      extraTerms: 1,
    });
    expect(compareMemoryTexts("lives in lisbon", "lives in porto")).toMatchObject({
      overlap: 1 / 3,
      extraTerms: 1,
    });
  });
});
