import { swapPronouns, trimValue } from "./english.js";
import { isOccupation, nounPhrase, organization, properNoun } from "./phrases.js";
import { fact, languages, nationalities, type Rule, type RuleFact } from "./rule.js";

const notWords = new Set([
  "Sorry",
  "Fine",
  "Good",
  "Okay",
  "Ok",
  "OK",
  "Back",
  "Here",
  "Ready",
  "Done",
  "Sure",
  "Glad",
  "Happy",
  "Tired",
  "Busy",
  "Home",
  "Not",
  "So",
  "Very",
  "Really",
  "Just",
  "Still",
  "Also",
  "Afraid",
]);

function place(rest: string, loose: boolean): string | undefined {
  const value = properNoun(trimValue(rest), loose);
  return value && !/^(?:the )?(?:Moment|Meantime|Middle)$/u.test(value) ? value : undefined;
}

function asRole(rest: string): string | undefined {
  const phrase = nounPhrase(trimValue(rest));
  return phrase && /^(?:a|an)\s/u.test(phrase) ? phrase : phrase ? `a ${phrase}` : undefined;
}

/** "Acme as a data engineer" → employer and role facts. */
function employment(rest: string, loose: boolean, preposition = "at"): RuleFact[] | undefined {
  const [where, role] = rest.split(/\s+as\s+/u, 2);
  if (/^myself\b/u.test(where ?? "")) return fact("Is self-employed", "fact", "employer");
  const employer = organization(trimValue(where ?? ""), loose);
  if (!employer) return undefined;
  const facts = fact(`Works ${preposition} ${employer}`, "fact", "employer");
  const rolePhrase = role ? asRole(role) : undefined;
  if (rolePhrase) facts.push(...fact(`Works as ${rolePhrase}`, "fact", "role"));
  return facts;
}

/** Rules that end a slot's current value; they run before the rules that set one. */
export const endingRules: Rule[] = [
  {
    name: "location-ended",
    pattern:
      /^i (?:do not live|no longer live|am not living|am no longer living|am no longer based|am not based|do not reside|moved out of|moved away from) (?:in )?(.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`No longer lives in ${value}`, "fact", "location", value) : undefined;
    },
  },
  {
    name: "employer-ended",
    pattern:
      /^i (?:do not work|no longer work|am not working|am no longer working|am no longer employed|got fired|was fired|was laid off) (?:at|for|by|from|with) (.+)$/u,
    build: (match, loose) => {
      const value = organization(trimValue(match[1]!), loose);
      return value ? fact(`No longer works at ${value}`, "fact", "employer", value) : undefined;
    },
  },
  {
    name: "employer-left",
    pattern: /^i (?:just )?(?:left|quit) (?:my job (?:at|with) )?([A-Z].*)$/u,
    build: (match) => {
      const value = organization(trimValue(match[1]!), false);
      return value ? fact(`No longer works at ${value}`, "fact", "employer", value) : undefined;
    },
  },
  {
    name: "job-lost",
    pattern:
      /^i (?:just )?(?:quit|lost|left) my job$|^i am (?:now )?unemployed$|^i (?:got|was) (?:fired|laid off)$/u,
    build: () => fact("Is not employed at the moment", "fact", "employer", ""),
  },
  {
    name: "role-ended",
    pattern: /^i (?:am not|am no longer|no longer work as) (?:a |an )(.+?)(?: any ?more)?$/u,
    build: (match) => {
      const role = nounPhrase(match[1]!);
      return role && isOccupation(role)
        ? fact(`No longer works as a ${role}`, "fact", "role", role)
        : undefined;
    },
  },
];

/** Rules for who the user is: name, home, origin, work, age, family, languages. */
export const identityRules: Rule[] = [
  {
    name: "moved",
    pattern:
      /^(?:i|we) (?:just |recently |finally |have |had |also )*(?:moved|relocated|moved back|emigrated) to (.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`Lives in ${value}`, "fact", "location") : undefined;
    },
  },
  {
    name: "lives",
    pattern:
      /^(?:i|we) (?:now |currently |still |also |actually )*(?:live|am living|are living|reside|am based|are based|am located) in (.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`Lives in ${value}`, "fact", "location") : undefined;
    },
  },
  {
    name: "moving-soon",
    pattern: /^(?:i am|we are) (?:moving|relocating) to (.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`Is moving to ${value}`, "fact") : undefined;
    },
  },
  {
    name: "origin",
    pattern: /^i (?:am|come) (?:originally )?from (.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`Is from ${value}`, "fact", "origin") : undefined;
    },
  },
  {
    name: "grew-up",
    pattern: /^i grew up in (.+)$/u,
    build: (match, loose) => {
      const value = place(match[1]!, loose);
      return value ? fact(`Grew up in ${value}`, "fact", "hometown") : undefined;
    },
  },
  {
    name: "born",
    pattern: /^i was born (in|on) (.+)$/u,
    build: (match, loose) => {
      const rest = trimValue(match[2]!);
      if (/^\d{4}$/u.test(rest)) return fact(`Was born in ${rest}`, "fact", "birth_year");
      if (match[1] === "on") return fact(`Was born on ${rest}`, "fact", "birthday");
      const value = place(rest, loose);
      return value ? fact(`Was born in ${value}`, "fact", "birthplace") : undefined;
    },
  },
  {
    name: "name",
    pattern: /^my (?:first |full |real )?name is (.+)$|^i am (?:called|named) (.+)$/u,
    build: (match) => {
      const value = properNoun(trimValue(match[1] ?? match[2]!), true);
      return value && value.split(" ").length <= 3 ? fact(`Name is ${value}`, "fact", "name") : undefined;
    },
  },
  {
    name: "introduction",
    pattern: /^i am ([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})$/u,
    build: (match) => {
      const value = match[1]!;
      const first = value.split(" ")[0]!;
      if (notWords.has(first) || nationalities.has(first) || /^[A-Z]+$/u.test(first)) return undefined;
      return fact(`Name is ${value}`, "fact", "name");
    },
  },
  {
    name: "called",
    pattern: /^(?:please |you can |just )?call me (.+)$|^i go by (.+)$/u,
    build: (match) => {
      const value = properNoun(trimValue(match[1] ?? match[2]!), true);
      return value && value.split(" ").length <= 3
        ? fact(`Prefers to be called ${value}`, "preference", "preferred_name")
        : undefined;
    },
  },
  {
    name: "works-at",
    pattern:
      /^i (?:now |currently |still |also |actually )*work (at|for|with) (.+)$|^i am (?:employed|working) (at|by|for) (.+)$/u,
    build: (match, loose) =>
      employment(match[2] ?? match[4]!, loose, (match[1] ?? match[3]) === "for" ? "for" : "at"),
  },
  {
    name: "new-job",
    pattern:
      /^i (?:just |recently |finally )*(?:started|got|landed|accepted|took|have|am starting) (?:a (?:new )?(?:job|position|role)|working|a job offer|an offer) (?:at|with|for) (.+)$/u,
    build: (match, loose) => employment(match[1]!, loose),
  },
  {
    name: "joined",
    pattern: /^i (?:just |recently )*(?:joined|started at) ([A-Z].*)$/u,
    build: (match) => employment(match[1]!, false),
  },
  {
    name: "works-as",
    pattern: /^i (?:now |currently |still )*work as (.+)$|^i have been working as (.+)$/u,
    build: (match, loose) => {
      const rest = match[1] ?? match[2]!;
      const role = asRole(rest);
      if (!role) return undefined;
      const facts = fact(`Works as ${role}`, "fact", "role");
      const at = /\s(?:at|for)\s(.+)$/u.exec(rest);
      const employer = at ? organization(trimValue(at[1]!), loose) : undefined;
      if (employer) facts.push(...fact(`Works at ${employer}`, "fact", "employer"));
      return facts;
    },
  },
  {
    name: "is-a-role",
    pattern: /^i am (?:now |currently |also )?(a|an) (.+)$/u,
    build: (match, loose) => {
      const role = nounPhrase(match[2]!);
      if (!role || !isOccupation(role)) return undefined;
      const facts = fact(`Is ${match[1]} ${role}`, "fact", "role");
      const at = /\s(?:at|for|with)\s(.+)$/u.exec(match[2]!);
      const employer = at ? organization(trimValue(at[1]!), loose) : undefined;
      if (employer) facts.push(...fact(`Works at ${employer}`, "fact", "employer"));
      return facts;
    },
  },
  {
    name: "age",
    pattern: /^i am (\d{1,3})(?: years old| years of age| yo)?$|^i (?:just )?turned (\d{1,3})$/u,
    build: (match) => {
      const age = Number(match[1] ?? match[2]);
      return age > 0 && age < 120 ? fact(`Is ${age} years old`, "fact", "age") : undefined;
    },
  },
  {
    name: "relationship",
    pattern:
      /^i am (?:now |happily |recently )?(married|single|engaged|divorced|widowed|separated|in a relationship)$|^i (?:just |recently )?got (married|engaged|divorced)(?: to [A-Z][\w'-]*(?: [A-Z][\w'-]*)?)?$/u,
    build: (match) => fact(`Is ${match[1] ?? match[2]}`, "fact", "relationship_status"),
  },
  {
    name: "nationality",
    pattern: /^i am ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)$/u,
    build: (match) =>
      nationalities.has(match[1]!) ? fact(`Is ${match[1]}`, "fact", "nationality") : undefined,
  },
  {
    name: "speaks",
    pattern: new RegExp(
      `^i (?:also |can |fluently )*speak ((?:${languages}|some|fluent|a little|basic|native)\\b.*)$`,
      "u",
    ),
    build: (match) => fact(`Speaks ${trimValue(match[1]!)}`, "fact"),
  },
  {
    name: "family-and-pets",
    pattern:
      /^i have (a|an|one|two|three|four|five|six|\d+) ((?:\w+ )?(?:dogs?|cats?|puppy|kitten|parrot|rabbit|hamster|horse|sons?|daughters?|kids?|child|children|sisters?|brothers?|siblings?|twins|grandchildren|grandkids|cars?|bikes?))\b(.*)$/u,
    build: (match) => {
      const rest = swapPronouns(trimValue(match[3]!));
      return fact(`Has ${match[1]} ${match[2]}${rest ? ` ${rest}` : ""}`, "fact");
    },
  },
  {
    name: "studies",
    pattern: /^i (?:am )?(?:study|studying|majoring in|doing a (?:degree|phd|masters|master's) in) (.+)$/u,
    build: (match) => {
      const subject = trimValue(match[1]!);
      if (/^(?:for|it|that|this|hard|a lot)\b/u.test(subject)) return undefined;
      return fact(`Studies ${swapPronouns(subject)}`, "fact", "studies");
    },
  },
];
