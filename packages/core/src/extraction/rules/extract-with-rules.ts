import { capitalize, cleanClause, predicate, splitClauses, splitSentences, swapPronouns } from "./english.js";
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

/**
 * Extracts memories from one first-person message with hand-written English rules: identity, home, work,
 * preferences, diet, health, standing instructions, explicit "remember that …", work in progress. Questions,
 * small talk and passing moods yield nothing. Each fact is third person ("Lives in Porto") with a type and,
 * for single-valued attributes, a slot.
 */
export function extractRuleFacts(text: string): RuleFact[] {
  const loose = text === text.toLowerCase();
  const facts: RuleFact[] = [];
  const seen = new Set<string>();
  for (const sentence of splitSentences(text)) {
    if (question.test(sentence.trim())) continue;
    for (const clause of splitClauses(sentence)) {
      for (const found of matchClause(prepare(clause), loose)) {
        const key = found.memory.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        facts.push(found);
      }
    }
  }
  return facts;
}
