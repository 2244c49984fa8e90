import { describe, expect, it } from "vitest";
import { extractRuleFacts } from "./extract-with-rules.js";

const show = async (text: string) =>
  (await extractRuleFacts(text)).map(
    (found) =>
      `${found.memory} [${found.type}${found.slot ? `/${found.slot}` : ""}${found.ends !== undefined ? ` ends "${found.ends}"` : ""}]`,
  );

// The issue's examples first, then our own. Expected values were reviewed by hand: third person, typed, slotted.
const stored: Array<[string, string[]]> = [
  ["My name is Dana and I live in Lisbon.", ["Name is Dana [fact/name]", "Lives in Lisbon [fact/location]"]],
  [
    "I work at Acme as a data engineer.",
    ["Works at Acme [fact/employer]", "Works as a data engineer [fact/role]"],
  ],
  [
    "I prefer short answers in bullet points.",
    ["Prefers short answers in bullet points [preference/response_style]"],
  ],
  ["Please always reply in Spanish.", ["Prefers replies in Spanish [preference/reply_language]"]],
  [
    "I'm vegetarian and allergic to peanuts.",
    ["Is vegetarian [preference/diet]", "Is allergic to peanuts [fact]"],
  ],
  ["I hate meetings before 10am.", ["Hates meetings before 10am [preference]"]],
  ["I moved to Porto last month.", ["Lives in Porto [fact/location]"]],
  ["Actually I don't work at Acme anymore.", ['No longer works at Acme [fact/employer ends "Acme"]']],
  [
    "Remember that my sister's birthday is on 3 May.",
    ["Sister's birthday is on 3 May [fact/sister_birthday]"],
  ],
  ["I'm working on the billing migration this week.", ["Is working on the billing migration [task_state]"]],
  ["Hi, I'm Dana.", ["Name is Dana [fact/name]"]],
  [
    "I'm Dana Scully and I work for the FBI.",
    ["Name is Dana Scully [fact/name]", "Works for the FBI [fact/employer]"],
  ],
  ["Call me Dee.", ["Prefers to be called Dee [preference/preferred_name]"]],
  ["I go by Alex.", ["Prefers to be called Alex [preference/preferred_name]"]],
  ["my name is dana and i live in lisbon", ["Name is Dana [fact/name]", "Lives in Lisbon [fact/location]"]],
  ["We live in New York.", ["Lives in New York [fact/location]"]],
  ["I live in Rio de Janeiro with my partner.", ["Lives in Rio de Janeiro [fact/location]"]],
  ["I'm based in the UK these days.", ["Lives in the UK [fact/location]"]],
  ["I relocated to São Paulo in 2021.", ["Lives in São Paulo [fact/location]"]],
  ["I'm moving to Berlin next month.", ["Is moving to Berlin [fact]"]],
  ["I'm originally from Brazil.", ["Is from Brazil [fact/origin]"]],
  ["I grew up in Manchester.", ["Grew up in Manchester [fact/hometown]"]],
  ["I was born in 1990.", ["Was born in 1990 [fact/birth_year]"]],
  ["I was born in Kyiv.", ["Was born in Kyiv [fact/birthplace]"]],
  ["I no longer live in Lisbon.", ['No longer lives in Lisbon [fact/location ends "Lisbon"]']],
  ["I moved out of Berlin.", ['No longer lives in Berlin [fact/location ends "Berlin"]']],
  ["I work for myself.", ["Is self-employed [fact/employer]"]],
  [
    "I'm a software engineer at Google.",
    ["Is a software engineer [fact/role]", "Works at Google [fact/employer]"],
  ],
  [
    "I work as a nurse at St Mary's Hospital.",
    ["Works as a nurse [fact/role]", "Works at St Mary's Hospital [fact/employer]"],
  ],
  [
    "I just started a new job at Globex as a product manager.",
    ["Works at Globex [fact/employer]", "Works as a product manager [fact/role]"],
  ],
  ["I joined Initech last week.", ["Works at Initech [fact/employer]"]],
  ["I quit my job.", ['Is not employed at the moment [fact/employer ends ""]']],
  ["I left Acme in March.", ['No longer works at Acme [fact/employer ends "Acme"]']],
  ["I got fired from Initech.", ['No longer works at Initech [fact/employer ends "Initech"]']],
  ["I'm not a teacher anymore.", ['No longer works as a teacher [fact/role ends "teacher"]']],
  ["I'm 34 years old.", ["Is 34 years old [fact/age]"]],
  ["I just turned 40.", ["Is 40 years old [fact/age]"]],
  ["I'm married.", ["Is married [fact/relationship_status]"]],
  ["I got engaged!", ["Is engaged [fact/relationship_status]"]],
  ["I'm Portuguese.", ["Is Portuguese [fact/nationality]"]],
  ["I speak Portuguese and English.", ["Speaks Portuguese and English [fact]"]],
  ["I have a dog named Max.", ["Has a dog named Max [fact]"]],
  ["I have two kids.", ["Has two kids [fact]"]],
  ["I'm studying computer science at MIT.", ["Studies computer science at MIT [fact/studies]"]],
  ["I'm vegan.", ["Is vegan [preference/diet]"]],
  ["I'm not vegetarian anymore.", ['Is no longer vegetarian [preference/diet ends ""]']],
  ["I'm on a keto diet.", ["Is on a keto diet [preference/diet]"]],
  ["I don't eat pork.", ["Does not eat pork [preference]"]],
  ["I can't eat gluten.", ["Cannot eat gluten [fact]"]],
  ["I have a severe shellfish allergy.", ["Is allergic to shellfish [fact]"]],
  ["I'm lactose intolerant.", ["Is lactose intolerant [fact]"]],
  ["I love hiking in the mountains.", ["Loves hiking in the mountains [preference]"]],
  ["I really enjoy cooking Thai food.", ["Enjoys cooking Thai food [preference]"]],
  ["I can't stand loud music.", ["Cannot stand loud music [preference]"]],
  ["I don't like horror movies.", ["Does not like horror movies [preference]"]],
  ["I'm not a fan of jazz.", ["Is not a fan of jazz [preference]"]],
  ["I'm a huge fan of Simon and Garfunkel.", ["Is a fan of Simon and Garfunkel [preference]"]],
  ["I'm really into rock climbing.", ["Is into rock climbing [preference]"]],
  ["I'd prefer tea over coffee.", ["Prefers tea over coffee [preference]"]],
  ["My favorite color is blue.", ["Favorite color is blue [preference/favorite_color]"]],
  ["My favourite band is Radiohead.", ["Favorite band is Radiohead [preference/favorite_band]"]],
  ["Please keep your answers short.", ["Prefers short answers [preference/response_style]"]],
  ["Never use emojis.", ["Wants the assistant to never use emojis [preference]"]],
  ["From now on, answer in French.", ["Prefers replies in French [preference/reply_language]"]],
  ["I want you to always cite sources.", ["Wants the assistant to always cite sources [preference]"]],
  ["I usually go to the gym at 7am.", ["Usually goes to the gym at 7am [fact]"]],
  ["I mostly use Vim.", ["Uses Vim [preference]"]],
  ["This week I'm working on the quarterly report.", ["Is working on the quarterly report [task_state]"]],
  [
    "I'm preparing for the AWS certification exam.",
    ["Is preparing for the AWS certification exam [task_state]"],
  ],
  ["My current project is a mobile banking app.", ["Current project is a mobile banking app [task_state]"]],
  ["I finally finished my thesis.", ["Finished their thesis [episode]"]],
  ["My email is dana@example.com.", ["Email is dana@example.com [fact/email]"]],
  ["My sister's name is Ana.", ["Sister's name is Ana [fact/sister_name]"]],
  ["My dog is called Rex.", ["Dog's name is Rex [fact/dog_name]"]],
  ["My wife works at a hospital.", ["Wife works at a hospital [fact]"]],
  ["Note that the wifi password is hunter2.", ["The wifi password is hunter2 [fact]"]],
  ["Don't forget that I have a dentist appointment on Friday.", ["Has a dentist appointment [fact]"]],
  ["Please remember my anniversary is June 5.", ["Anniversary is June 5 [fact/anniversary]"]],
];

// Small talk, questions, requests, moods, hypotheticals and other people's facts: nothing is stored.
const ignored = [
  "thanks!",
  "haha ok",
  "what's the weather?",
  "Can you help me write an email?",
  "I'm tired.",
  "I'm not sure.",
  "I think so.",
  "I love it!",
  "I like that idea.",
  "I like your answer.",
  "I live for this stuff.",
  "My friend lives in Berlin.",
  "If I lived in Paris I'd be happy.",
  "I might move to Porto.",
  "Do I live in Lisbon?",
  "I'm fine, thanks.",
  "I'm going to the store.",
  "I'm looking for a good restaurant.",
  "Tell me about Lisbon.",
  "I need help with my code.",
  "My code is broken.",
  "I'd like a coffee.",
  "I have a question.",
  "I'm back.",
  "Sure, I can do that.",
  "I work.",
  "I'm here.",
  "I'm sorry.",
  "My bad.",
  "I don't know.",
  "I'm happy.",
  "I want to know the weather.",
  "hello",
  "ok cool",
  "lol",
  "I see.",
  "I agree.",
  "I guess.",
  "Please translate this into Spanish.",
  "What's my name?",
  "Where do I work?",
  "I'm a bit confused.",
  "I'm a little lost here.",
  "I'm working on it.",
  "Remember when we talked about Paris?",
  "Remember to drink water.",
  "I love you.",
  "I hate it when that happens.",
  "I'm OK.",
  "I live in a small flat.",
  "I work from home.",
  "Thanks, I'm Good.",
  "I'm working.",
  "Actually never mind.",
  "I always forget that.",
  "Can you remember my name?",
  "Why do I always get this error?",
  "I'm thinking about moving to Porto.",
  "I used to hate coffee but whatever.",
];

describe("extractRuleFacts", () => {
  it.each(stored)("%s", async (text, expected) => {
    expect(await show(text)).toEqual(expected);
  });

  it.each(ignored)("stores nothing for %j", async (text) => {
    expect(await extractRuleFacts(text)).toEqual([]);
  });

  it("handles several statements in one message and skips the questions between them", async () => {
    expect(
      await show("Hey! I'm vegan. Where should I eat tonight? Also I live in Berlin now, and I love techno."),
    ).toEqual(["Is vegan [preference/diet]", "Lives in Berlin [fact/location]", "Loves techno [preference]"]);
  });

  it("accepts curly apostrophes and lowercase writing", async () => {
    expect(await show("i’m allergic to cats and i work at initech")).toEqual([
      "Is allergic to cats [fact]",
      "Works at Initech [fact/employer]",
    ]);
  });

  it("does not repeat a fact said twice in one message", async () => {
    expect(await show("I live in Porto. I live in Porto!")).toEqual(["Lives in Porto [fact/location]"]);
  });
});
