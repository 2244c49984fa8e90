import type { Token } from "./load-english-model.js";
import { irrealis, speechVerbs } from "./lexicon.js";

/** Why a clause is not a statement of fact about the speaker, or undefined when it is one. */
export type ScreenReason = "hypothetical" | "reported" | "negated";

// Standing requests that use a modal but are not hypothetical: "I'd prefer …", "I would like you to …".
const politeRequests =
  /^i would (?:prefer|rather|like you to|want you to)\b|^(?:please )?(?:always|never)\b/u;
const endings =
  /\b(?:no longer|any ?more|not \w+ (?:now|these days)|stopped|quit|gave up|left|moved out|moved away|sold)\b/u;

/** True when the clause ends something ("no longer", "anymore", "I quit", "I left"): negation that is an ending. */
export function isEnding(clause: string): boolean {
  return endings.test(clause);
}

/**
 * Screens one prepared clause: hypotheticals, wishes and uncertainty ("if I moved", "I might", "I wish"), reported
 * speech and meta talk ("I never said I liked jazz", "I think I'm …"), and plain negation that is not an ending
 * ("I am not a doctor") are not remembered as facts. Negated preferences are kept by the rules themselves.
 */
export function screenClause(clause: string, tokens: Token[]): ScreenReason | undefined {
  if (politeRequests.test(clause)) return undefined;
  const subjectEnd = tokens.findIndex((token) => token.pos === "VERB" || token.pos === "AUX");
  for (const [index, token] of tokens.entries()) {
    if (irrealis.has(token.lower) && (token.lower !== "may" || token.pos === "AUX")) return "hypothetical";
    // "I never said …", "I think I'm …", "she told me …": a verb of saying or believing before the statement.
    if (
      speechVerbs.has(token.lemma) &&
      token.pos === "VERB" &&
      index <= subjectEnd + 3 &&
      index < tokens.length - 1
    )
      return "reported";
  }
  return undefined;
}

/** True when the clause negates its verb ("not", "never", "n't", "no"), whether or not it is an ending. */
export function isNegated(tokens: Token[]): boolean {
  return tokens.some(
    (token) =>
      token.lower === "not" || token.lower === "never" || (token.lower === "no" && token.pos === "DET"),
  );
}
