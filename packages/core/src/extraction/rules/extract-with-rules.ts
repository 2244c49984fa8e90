import { type EnglishReader, loadEnglishReader } from "../offline/load-english-model.js";
import { passingTimePhrases, stripTimePhrases } from "../offline/render-tokens.js";
import { isEnding, isNegated, screenClause } from "../offline/screen-clause.js";
import { stateGenerically } from "../offline/state-generically.js";
import { capitalize, cleanClause, predicate, splitClauses, swapPronouns } from "./english.js";
import { endingRules, identityRules } from "./identity-rules.js";
import { otherRules } from "./other-rules.js";
import { preferenceRules } from "./preference-rules.js";
import type { Rule, RuleFact } from "./rule.js";

/** Every rule, in the order they are tried: endings before new values, specific before general. */
export const extractionRules: Rule[] = [...endingRules, ...identityRules, ...preferenceRules, ...otherRules];

const question =
  /\?\s*$|^(?:what|where|when|who|whom|whose|why|how|which)\b|^(?:do|does|did|can|could|would|will|is|are|am|should|shall|may|might|have|has|was|were)\s+(?:you|i|we|it|they|he|she|there|this|that|my)\b/iu;
const leadingTime =
  /^(?:this week|this month|this year|today|tonight|these days|right now|at the moment|for now|lately|this quarter|this sprint)[\s,]+(?=i\b)/u;
const explicit =
  /^(?:please )?(?:remember|note|keep in mind|do not forget|never forget|make a note|bear in mind|for future reference|save this)(?: that|:|,)?\s+(.+)$/u;

/** Lowercases the first word and the pronoun "I", moves a leading time phrase to the end. */
function prepare(clause: string): string {
  let result = cleanClause(clause)
    .replace(/^\S+/u, (word) => word.toLowerCase())
    .replace(/\bI\b/gu, "i");
  const time = leadingTime.exec(result);
  if (time) result = `${result.slice(time[0].length)} ${time[0].replace(/[\s,]+$/u, "")}`;
  return result;
}

function matchRules(clause: string, loose: boolean): RuleFact[] | undefined {
  for (const rule of extractionRules) {
    const match = rule.pattern.exec(clause);
    if (!match) continue;
    const facts = rule.build(match, loose);
    if (facts?.length) return facts;
  }
  return undefined;
}

/** "i am vegetarian and allergic to peanuts" → "i am vegetarian" + "i am allergic to peanuts". */
function matchComplements(clause: string, loose: boolean): RuleFact[] {
  const complement = /^i am (.+)$/u.exec(clause)?.[1];
  if (!complement || !/,|\sand\s/u.test(complement)) return [];
  return complement
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/u)
    .flatMap((part) => (part.trim() ? (matchRules(`i am ${part.trim()}`, loose) ?? []) : []));
}

/** "Remember that my sister's birthday is on 3 May" → "Sister's birthday is on 3 May". */
function matchExplicit(clause: string, loose: boolean): RuleFact[] | undefined {
  const body = explicit.exec(clause)?.[1];
  if (!body || /^(?:to|when|me|this|that|it|what|how|who|where)\b/iu.test(body)) return undefined;
  const inner = prepare(body);
  const facts = matchRules(inner, loose);
  if (facts) return facts;
  let memory: string;
  if (/^my\s/u.test(inner)) memory = capitalize(swapPronouns(inner.slice(3)));
  else if (/^i\s/u.test(inner)) memory = predicate(inner.slice(2));
  else memory = capitalize(swapPronouns(inner));
  return [{ memory, type: "fact" }];
}

function matchClause(clause: string, loose: boolean): RuleFact[] {
  if (!clause) return [];
  return matchExplicit(clause, loose) ?? matchRules(clause, loose) ?? matchComplements(clause, loose);
}

const conditional =
  /^(?:if|unless|suppose|supposing|imagine|what if|in case|when|whenever|once|assuming|say)\b/iu;
// Negated statements the rules word correctly ("Does not eat pork", "Is not a fan of jazz", "Never use emojis").
const negativeWording = /^(?:Does not|Cannot|Is not|Never|Wants the assistant|Prefers)\b/u;
const dated = /birth|anniversary/u;
const reminder = /^(?:please )?(?:do not|never) forget\b/u;

function factsOfClause(reader: EnglishReader, clause: string, loose: boolean): RuleFact[] {
  const prepared = prepare(clause);
  if (!prepared) return [];
  const tokens = reader.tokens(prepared);
  if (screenClause(prepared, tokens)) return [];
  const ending = isEnding(prepared);
  const phrases = passingTimePhrases(tokens);
  let facts = matchClause(prepared, loose);
  if (!facts.length) {
    const timeless = stripTimePhrases(prepared, phrases, true);
    if (timeless !== prepared) facts = matchClause(timeless, loose);
  }
  if (!facts.length) {
    const stated = stateGenerically(tokens, ending);
    if (stated) facts = [stated];
  }
  if (isNegated(tokens) && !ending && !reminder.test(prepared))
    facts = facts.filter((found) => negativeWording.test(found.memory));
  return facts.map((found) =>
    found.slot && dated.test(found.slot)
      ? found
      : { ...found, memory: stripTimePhrases(found.memory, phrases) },
  );
}

function extractWithReader(reader: EnglishReader, text: string): RuleFact[] {
  const loose = text === text.toLowerCase();
  const facts: RuleFact[] = [];
  const seen = new Set<string>();
  const sentences = reader.sentences(text).flatMap((sentence) => sentence.split(/(?<=;)\s+/u));
  for (const sentence of sentences) {
    const trimmed = sentence.trim();
    if (question.test(trimmed) || conditional.test(cleanClause(trimmed))) continue;
    for (const clause of splitClauses(trimmed)) {
      for (const found of factsOfClause(reader, clause, loose)) {
        const key = found.memory.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        facts.push({ ...found, sentence: trimmed });
      }
    }
  }
  return facts;
}

/**
 * Extracts memories from one first-person message offline. A part-of-speech tagger (wink-nlp, loaded on first use)
 * splits sentences, finds negation and time phrases; hypotheticals, questions, reported speech and others' news are
 * screened out; specific rules cover identity, home, work, preferences, diet and instructions, and a grammar-based
 * step states other facts about the speaker and their family or team ("Adopted a dog named Max", "Team uses
 * Postgres 15"). Each fact is third person with a type, a slot for single-valued attributes and its sentence.
 */
export async function extractRuleFacts(text: string): Promise<RuleFact[]> {
  return extractWithReader(await loadEnglishReader(), text);
}
