import { describe, expect, it } from "vitest";
import { extractRuleFacts } from "../rules/extract-with-rules.js";

const show = async (text: string) =>
  (await extractRuleFacts(text)).map(
    (found) =>
      `${found.memory} [${found.type}${found.slot ? `/${found.slot}` : ""}${found.ends !== undefined ? ` ends "${found.ends}"` : ""}]`,
  );

// The issue's misses: everyday first-person news that the grammar-based step now states.
const stated: Array<[string, string[]]> = [
  ["Big news: I just moved to Vancouver!", ["Lives in Vancouver [fact/location]"]],
  ["We adopted a dog named Max last week.", ["Adopted a dog named Max [fact]"]],
  [
    "My daughter started school at Lincoln Elementary.",
    ["Daughter started school at Lincoln Elementary [fact/daughter_school]"],
  ],
  ["At work we switched from Java to Kotlin.", ["Switched from Java to Kotlin at work [fact/work_language]"]],
  ["I'm flying to Tokyo next Tuesday.", ["Is flying to Tokyo [episode]"]],
  ["I got promoted to senior engineer!", ["Got promoted to senior engineer [fact/role]"]],
  ["I started learning the cello.", ["Started learning the cello [fact]"]],
  ["I bought a Tesla Model 3.", ["Bought a Tesla Model 3 [fact/car]"]],
  ["Our team uses Postgres 15.", ["Team uses Postgres 15 [fact]"]],
  ["I'm vegan these days.", ["Is vegan [preference/diet]"]],
  ["I've been playing guitar since 2019.", ["Has been playing guitar since 2019 [fact]"]],
  ["I sold my car.", ['Sold their car [fact/car ends ""]']],
  ["I don't have a car anymore.", ['No longer has a car [fact/car ends ""]']],
  ["I got a new iPhone.", ["Got a new iPhone [fact/phone]"]],
];

// Negations, hypotheticals, wishes, questions, meta talk and other people's news: nothing is stored.
const nothing = [
  "I am not a doctor.",
  "I don't live in London.",
  "I never said I liked jazz.",
  "I never lived in Paris.",
  "I'm not married.",
  "I don't have kids.",
  "If I moved to Paris, I would learn French.",
  "I might take up the violin.",
  "I wish I had a dog.",
  "I'd love to visit Japan one day.",
  "I want to learn the guitar.",
  "My friend said she moved to Berlin.",
  "My neighbor bought a Tesla.",
  "Tom adopted a puppy.",
  "Should I buy a Tesla?",
  "I'm thinking about getting a dog.",
  "I have a question about Python.",
  "I'm going to the store.",
];

describe("offline extraction", () => {
  it.each(stated)("%s", async (text, expected) => {
    expect(await show(text)).toEqual(expected);
  });

  it.each(nothing)("stores nothing for %j", async (text) => {
    expect(await extractRuleFacts(text)).toEqual([]);
  });

  it("never turns a negation into an ending", async () => {
    const memories = (await extractRuleFacts("I am not a doctor. I don't work at Acme.")).map(
      (found) => found.memory,
    );
    expect(memories.filter((memory) => /no longer/iu.test(memory))).toEqual([]);
  });

  it("keeps the sentence, time phrase included, while the memory drops it", async () => {
    const [found] = await extractRuleFacts("Hi! I'm flying to Tokyo next Tuesday. What should I pack?");
    expect(found).toMatchObject({
      memory: "Is flying to Tokyo",
      sentence: "I'm flying to Tokyo next Tuesday.",
    });
  });
});
