import { capitalize, isVagueObject, snakeCase, swapPronouns, trimValue } from "./english.js";
import { properNoun } from "./phrases.js";
import { fact, type Rule } from "./rule.js";

const attributes =
  "email|e-mail|email address|phone|phone number|mobile|mobile number|address|home address|time ?zone|pronouns|hometown|nickname|birthday|anniversary|native language|first language|mother tongue|job title|shoe size|height|blood type|username|github|twitter|website|zodiac sign|star sign|student number|license plate";
const relatives =
  "wife|husband|partner|spouse|boyfriend|girlfriend|fiancée?|son|daughter|kid|child|baby|dog|cat|pet|puppy|sister|brother|mom|mum|mother|dad|father|grandma|grandmother|grandpa|grandfather|aunt|uncle|cousin|best friend|boss|manager|roommate|flatmate";

/** Rules for work in progress, past events and named attributes ("My email is …", "My sister's name is …"). */
export const otherRules: Rule[] = [
  {
    name: "task",
    pattern:
      /^(?:i am|we are) (?:currently |still |now |busy |mostly |also |really )*(working on|busy with|focused on|focusing on|preparing|preparing for|studying for|building|migrating|debugging|finishing|organizing|organising|learning|training for|applying for|renovating|writing|planning) (.+)$/u,
    build: (match) => {
      const task = trimValue(match[2]!.replace(/\s+(?:today|right now|at the moment)$/u, ""));
      if (isVagueObject(task) || /^(?:to|a question|an answer|something|stuff|things)\b/u.test(task))
        return undefined;
      return fact(`Is ${match[1]} ${swapPronouns(match[2]!.trim())}`, "task_state");
    },
  },
  {
    name: "current-project",
    pattern:
      /^my (?:current |main )?(project|task|focus|priority|goal)(?: this week| this month| right now| at the moment| for now)? is (.+)$/u,
    build: (match) => {
      const value = trimValue(match[2]!);
      return isVagueObject(value)
        ? undefined
        : fact(`Current ${match[1]} is ${swapPronouns(match[2]!.trim())}`, "task_state");
    },
  },
  {
    name: "finished",
    pattern:
      /^(?:i|we) (?:just |finally |have |have just |have finally )*(finished|completed|shipped|launched|submitted|passed|graduated from) (.+)$/u,
    build: (match) => {
      const what = trimValue(match[2]!);
      if (isVagueObject(what) || what.split(/\s+/u).length < 1) return undefined;
      return fact(`${capitalize(match[1]!)} ${swapPronouns(match[2]!.trim())}`, "episode");
    },
  },
  {
    name: "attribute",
    pattern: new RegExp(`^my (${attributes}) (?:is|are) (.+)$`, "u"),
    build: (match) => {
      const value = trimValue(match[2]!);
      if (isVagueObject(value)) return undefined;
      return fact(`${capitalize(match[1]!)} is ${match[2]!.trim()}`, "fact", snakeCase(match[1]!));
    },
  },
  {
    name: "relative-attribute",
    pattern: new RegExp(
      `^my (${relatives})'s (name|birthday|age|job|email|phone number) (?:is|are) (.+)$`,
      "u",
    ),
    build: (match) => {
      const value = trimValue(match[3]!);
      if (isVagueObject(value)) return undefined;
      return fact(
        `${capitalize(match[1]!)}'s ${match[2]} is ${match[3]!.trim()}`,
        "fact",
        snakeCase(`${match[1]} ${match[2]}`),
      );
    },
  },
  {
    name: "relative-named",
    pattern: new RegExp(`^my (${relatives}) is (?:called|named) (.+)$`, "u"),
    build: (match) => {
      const name = properNoun(trimValue(match[2]!), true);
      return name
        ? fact(`${capitalize(match[1]!)}'s name is ${name}`, "fact", snakeCase(`${match[1]} name`))
        : undefined;
    },
  },
  {
    name: "relative-is",
    pattern: new RegExp(`^my (${relatives}) (is|works|lives|has|was) (.+)$`, "u"),
    build: (match) => {
      const rest = trimValue(match[3]!);
      if (
        isVagueObject(rest) ||
        /^(?:so|very|really|being|just|kind of|a bit|sick|tired|annoying|here|out|away|busy)\b/u.test(rest)
      )
        return undefined;
      return fact(`${capitalize(match[1]!)} ${match[2]} ${swapPronouns(match[3]!.trim())}`, "fact");
    },
  },
];
