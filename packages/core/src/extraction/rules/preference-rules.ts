import { capitalize, isVagueObject, predicate, snakeCase, swapPronouns, trimValue } from "./english.js";
import { fact, languages, type Rule, type RuleFact } from "./rule.js";

const diets =
  "vegetarian|vegan|pescatarian|pescetarian|flexitarian|carnivore|keto|paleo|gluten-free|dairy-free|lacto-vegetarian|ovo-vegetarian|plant-based";
const replyLanguage = new RegExp(
  `^(?:to )?(?:reply|respond|answer|write|talk|speak|communicate)(?: to (?:me|them))?(?: only)? in (${languages})\\b`,
  "u",
);
const styleWords =
  /\b(?:answers?|responses?|replies|replying|explanations?|format|formatting|bullet|bullets|tone|style|emails?|messages?|summaries|code comments)\b/u;

function object(rest: string): string | undefined {
  const value = trimValue(rest).replace(/\s+(?:a lot|so much|very much|a bunch|more than anything)$/u, "");
  return isVagueObject(value) ? undefined : swapPronouns(value);
}

/** A standing instruction to the assistant ("always reply in Spanish") as a preference. */
function instruction(mode: "always" | "never" | "", rest: string): RuleFact[] | undefined {
  const body = trimValue(rest).replace(/^please\s+/u, "");
  if (isVagueObject(body) || body.split(/\s+/u).length < 2) return undefined;
  const language = replyLanguage.exec(body);
  if (language && mode !== "never")
    return fact(`Prefers replies in ${language[1]}`, "preference", "reply_language");
  const verb = mode ? `${mode} ` : "";
  return fact(
    `Wants the assistant to ${verb}${swapPronouns(body)}`,
    "preference",
    styleWords.test(body) ? "response_style" : undefined,
  );
}

/** Rules for tastes, diet, health and how the user wants to be answered. */
export const preferenceRules: Rule[] = [
  {
    name: "diet-ended",
    pattern: new RegExp(`^i (?:am not|am no longer|stopped being) (?:a )?(${diets})(?: any ?more)?$`, "u"),
    build: (match) => fact(`Is no longer ${match[1]}`, "preference", "diet", ""),
  },
  {
    name: "diet",
    pattern: new RegExp(
      `^i am (?:a |now |now a |strictly |fully |mostly |also )*(${diets})$|^i (?:eat|keep) (kosher|halal)$`,
      "u",
    ),
    build: (match) =>
      match[1]
        ? fact(`Is ${match[1]}`, "preference", "diet")
        : fact(`Eats ${match[2]}`, "preference", "diet"),
  },
  {
    name: "diet-plan",
    pattern: /^i am (?:now |currently )?on (?:a |the )?([\w-]+(?: [\w-]+)?) diet$/u,
    build: (match) => fact(`Is on a ${match[1]} diet`, "preference", "diet"),
  },
  {
    name: "does-not-eat",
    pattern: /^i (?:do not|never|no longer|cannot|can not) (eat|drink|tolerate) (.+)$/u,
    build: (match) => {
      const food = object(match[2]!);
      if (!food) return undefined;
      return /^i (?:cannot|can not)/u.test(match[0]) || match[1] === "tolerate"
        ? fact(`Cannot ${match[1]} ${food}`, "fact")
        : fact(`Does not ${match[1]} ${food}`, "preference");
    },
  },
  {
    name: "allergy",
    pattern:
      /^i am (?:very |severely |slightly |deathly |also )?allergic to (.+)$|^i have (?:a |an )(?:severe |mild )?([\w -]+?) allergy$/u,
    build: (match) => {
      const allergen = object(match[1] ?? match[2]!);
      return allergen ? fact(`Is allergic to ${allergen}`, "fact") : undefined;
    },
  },
  {
    name: "intolerance",
    pattern: /^i am ([\w-]+) intolerant$/u,
    build: (match) => fact(`Is ${match[1]} intolerant`, "fact"),
  },
  {
    name: "likes",
    pattern: /^i (?:really |absolutely |totally |also |just |genuinely )*(love|like|enjoy|adore) (.+)$/u,
    build: (match) => {
      const thing = object(match[2]!);
      return thing ? fact(`${capitalize(match[1]!)}s ${thing}`, "preference") : undefined;
    },
  },
  {
    name: "dislikes",
    pattern:
      /^i (?:really |absolutely |totally |also |just |genuinely )*(hate|dislike|detest|loathe|cannot stand|can not stand) (.+)$/u,
    build: (match) => {
      const thing = object(match[2]!);
      const verb = match[1]!.startsWith("can") ? "Cannot stand" : `${capitalize(match[1]!)}s`;
      return thing ? fact(`${verb} ${thing}`, "preference") : undefined;
    },
  },
  {
    name: "does-not-like",
    pattern: /^i (?:do not|really do not|do not really) (like|enjoy|love) (.+)$/u,
    build: (match) => {
      const thing = object(match[2]!);
      return thing ? fact(`Does not ${match[1]} ${thing}`, "preference") : undefined;
    },
  },
  {
    name: "fan",
    pattern:
      /^i am (not )?(?:a |such a |a big |a huge |a massive |really a |much of a |a big )*fan of (.+)$/u,
    build: (match) => {
      const thing = object(match[2]!);
      return thing ? fact(`Is ${match[1] ? "not " : ""}a fan of ${thing}`, "preference") : undefined;
    },
  },
  {
    name: "interested",
    pattern:
      /^i am (?:really |very |super |quite |also )?(into|interested in|passionate about|obsessed with|a big fan of) (.+)$/u,
    build: (match) => {
      const thing = object(match[2]!);
      return thing ? fact(`Is ${match[1]} ${thing}`, "preference") : undefined;
    },
  },
  {
    name: "prefers",
    pattern: /^i (?:would |much |generally |usually |really |definitely |always |also )*prefer (.+)$/u,
    build: (match) => {
      const choice = object(match[1]!);
      if (!choice) return undefined;
      const language = new RegExp(`\\bin (${languages})\\b`, "u").exec(choice);
      if (language && styleWords.test(choice))
        return fact(`Prefers replies in ${language[1]}`, "preference", "reply_language");
      return fact(`Prefers ${choice}`, "preference", styleWords.test(choice) ? "response_style" : undefined);
    },
  },
  {
    name: "favorite",
    pattern: /^my (?:all-time |absolute )?(favou?rite [\w -]+?) (?:is|are) (.+)$/u,
    build: (match) => {
      const value = object(match[2]!);
      const attribute = match[1]!.replace("favourite", "favorite");
      return value
        ? fact(`${capitalize(attribute)} is ${value}`, "preference", snakeCase(attribute))
        : undefined;
    },
  },
  {
    name: "keep-answers",
    pattern:
      /^(?:please )?keep (?:your |the |all |all your )?(answers|responses|replies|explanations|messages|emails) (.+)$/u,
    build: (match) => {
      const how = swapPronouns(trimValue(match[2]!));
      if (isVagueObject(how)) return undefined;
      const text = /^\w+$/u.test(how) ? `Prefers ${how} ${match[1]}` : `Prefers ${match[1]} ${how}`;
      return fact(text, "preference", "response_style");
    },
  },
  {
    name: "standing-instruction",
    pattern:
      /^(?:please )?(always|never) (.+)$|^please do not ever (.+)$|^(?:from now on|going forward|in the future|in future|from here on)[\s,]+(.+)$/u,
    build: (match) => {
      if (match[4])
        return instruction(
          /^(?:please )?never /u.test(match[4]) ? "never" : "",
          match[4].replace(/^(?:please )?(?:always |never )?/u, ""),
        );
      if (match[3]) return instruction("never", match[3]);
      return instruction(match[1] as "always" | "never", match[2]!);
    },
  },
  {
    name: "want-you-to",
    pattern: /^i (?:want|would like|need) you to (always|never) (.+)$/u,
    build: (match) => instruction(match[1] as "always" | "never", match[2]!),
  },
  {
    name: "habit",
    pattern: /^i (usually|always|often|never|normally|typically|generally|rarely|regularly) (.+)$/u,
    build: (match) => {
      const rest = trimValue(match[2]!);
      // "I never lived in Paris" is a past negation, not a habit.
      if (
        isVagueObject(rest) ||
        /^(?:forget|do that|think|say|wanted|get confused)\b|^\w+ed\b|^(?:said|told|was|were|had|went|did|saw|met|knew|thought|got|made)\b/u.test(
          rest,
        )
      )
        return undefined;
      return fact(predicate(`${match[1]} ${rest}`), "fact");
    },
  },
  {
    name: "uses",
    pattern: /^i (?:mostly |mainly |primarily |usually |only |also )*use (.+)$/u,
    build: (match) => {
      const tool = object(match[1]!);
      return tool && /^[A-Za-z]/u.test(tool) ? fact(`Uses ${tool}`, "preference") : undefined;
    },
  },
];
