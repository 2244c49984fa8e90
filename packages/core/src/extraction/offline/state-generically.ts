import { capitalize, conjugate, swapPronouns } from "../rules/english.js";
import type { RuleFact } from "../rules/rule.js";
import { classifyStatement } from "./classify-statement.js";
import type { Token } from "./load-english-model.js";
import { readSubject } from "./read-subject.js";
import { readVerbGroup } from "./read-verb-group.js";
import { renderTokens, stripTimePhrases } from "./render-tokens.js";

// Adverbs that add nothing to a memory: "I just adopted a puppy" → "Adopted a puppy".
const fillers = new Set([
  "just",
  "finally",
  "recently",
  "really",
  "actually",
  "also",
  "now",
  "currently",
  "already",
  "officially",
  "totally",
  "so",
]);
const presentForms = new Set(["am", "are", "have", "do"]);

// Verbs whose past is their base form; in news ("I quit smoking") they are past.
const sameInPast = new Set(["quit", "put", "set", "cut", "hit", "let", "shut", "spread"]);

function isPresent(token: Token): boolean {
  if (presentForms.has(token.lower)) return true;
  if (sameInPast.has(token.lower)) return false;
  return token.lower === token.lemma && (token.pos === "VERB" || token.lower === "be");
}

/** "i do not have … anymore" → verb tokens "no longer have", so the memory reads "No longer has …". */
function endingForm(verbs: Token[]): Token[] {
  const kept = verbs.filter(
    (token) => token.lower !== "do" && token.lower !== "not" && token.lower !== "does",
  );
  const main = kept.pop();
  if (!main) return verbs;
  const longer = (text: string): Token => ({
    ...main,
    text,
    lower: text,
    lemma: text,
    pos: "ADV",
    negated: false,
    space: " ",
  });
  return [
    ...kept.filter((token) => token.lower !== "no" && token.lower !== "longer"),
    longer("no"),
    longer("longer"),
    { ...main, space: " " },
  ];
}

const firstPerson = new Set(["i", "we", "my", "our"]);

/** "at work we switched to Kotlin" → "we switched to Kotlin at work": a short leading phrase moves to the end. */
function frontSubject(tokens: Token[]): Token[] {
  if (tokens[0]?.pos !== "ADP" && !tokens[0]?.time && !/^(?:next|last|this)$/u.test(tokens[0]?.lower ?? ""))
    return tokens;
  const start = tokens.findIndex((token) => firstPerson.has(token.lower));
  if (
    start < 1 ||
    start > 4 ||
    tokens.slice(0, start).some((token) => token.pos === "VERB" || token.pos === "AUX")
  )
    return tokens;
  const lead = tokens.slice(0, start).filter((token) => token.pos !== "PUNCT");
  return [
    ...tokens.slice(start),
    ...lead.map((token, index) => (index === 0 ? { ...token, space: " " } : token)),
  ];
}

/**
 * A memory from a first-person statement that no specific rule covers, built from its grammar: the subject is
 * dropped ("I", "we") or kept in the third person ("my daughter" → "Daughter"), the first verb is conjugated
 * ("have" → "has") and first-person words in the object become third person. `ending` marks "no longer" and
 * "anymore" statements, the only negated ones that are stored.
 */
export function stateGenerically(clause: Token[], ending: boolean): RuleFact | undefined {
  const tokens = frontSubject(clause);
  const subject = readSubject(tokens);
  if (!subject) return undefined;
  const verbs = readVerbGroup(tokens, subject.end);
  if (!verbs) return undefined;
  const negated = verbs.negated;
  const object = tokens
    .slice(verbs.end)
    .filter(
      (token) => !(ending && (token.lower === "anymore" || token.lower === "any" || token.lower === "more")),
    );
  // An ending is classified as the statement it ends: "no longer play the guitar" as "play the guitar".
  const classification = classifyStatement(subject, ending ? { ...verbs, negated: false } : verbs, object);
  if (!classification) return undefined;
  if (!object.length && verbs.main.lemma !== "retire" && !negated) return undefined;
  let group = verbs.tokens.filter((token) => !fillers.has(token.lower));
  if (negated && ending) group = endingForm(group);
  if (subject.kind === "speaker") {
    const first = group.findIndex((token) => token.pos !== "ADV");
    if (first >= 0 && isPresent(group[first]!))
      group[first] = { ...group[first]!, text: conjugate(group[first]!.text) };
  }
  const words = stripTimePhrases(swapPronouns(renderTokens([...group, ...object])), [], true);
  const memory = classification.text ?? (subject.label ? `${subject.label} ${words}` : capitalize(words));
  return {
    memory,
    type: classification.type,
    ...(classification.slot ? { slot: classification.slot } : {}),
    ...((ending || classification.ends) && classification.slot ? { ends: "" } : {}),
  };
}
