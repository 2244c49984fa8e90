import type { Token } from "./load-english-model.js";

/** Writes tokens back as text with their original spacing: ["St", "Mary", "'s"] → "St Mary's". */
export function renderTokens(tokens: Token[]): string {
  return tokens
    .map((token, index) => (index === 0 ? token.text : `${token.space}${token.text}`))
    .join("")
    .trim();
}

const lasting =
  /^(?:since|every|each)\b|(?:days|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends|mornings|evenings|nights)$/iu;
const passing =
  /\b(?:these days|nowadays|right now|at the moment|currently|for now|lately|recently|just now)\b|\s+now$/giu;
const relativeDates =
  /\b(?:(?:last|next|this|coming) (?:week|weekend|month|year|quarter|semester|summer|winter|spring|fall|autumn|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in (?:a|one|two|three|four|five|six|\d+|a few|a couple of) (?:days?|weeks?|months?|years?)|on the \d{1,2}(?:st|nd|rd|th)|(?:a|one|two|three|\d+|a few|a couple of) (?:days?|weeks?|months?|years?) ago|tomorrow|yesterday|tonight)\b/giu;
const leadIns = /(?:\s+(?:on|in|at|by|this|next|last|from|for|until|starting|these|those))+$/iu;

/** The time phrases of a clause that date it rather than describe a lasting fact ("next Tuesday", not "since 2019"). */
export function passingTimePhrases(tokens: Token[]): string[] {
  const phrases = new Set<string>();
  // Relative dates the tagger does not always mark ("last weekend", "in two weeks", "on the 12th").
  for (const match of renderTokens(tokens).matchAll(relativeDates)) phrases.add(match[0]);
  for (const [index, token] of tokens.entries()) {
    const before = tokens[index - 1]?.lower ?? "";
    // "every Wednesday", "each June": a recurring time is part of the fact.
    if (
      token.timePhrase &&
      !lasting.test(token.timePhrase) &&
      !(/^(?:every|each)$/u.test(before) && !tokens[index - 1]?.time)
    )
      phrases.add(token.timePhrase);
  }
  return [...phrases];
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/**
 * Removes dating phrases from a memory ("Is flying to Tokyo next Tuesday" → "Is flying to Tokyo"): the sentence the
 * fact came from keeps them for date resolution, and the memory stays true without them. Lasting ones ("since 2019",
 * "on Sundays") stay; `passingWords` also drops "these days", "right now" and the like. Returns the text unchanged
 * when nothing would be left.
 */
export function stripTimePhrases(memory: string, phrases: string[], passingWords = false): string {
  let result = memory;
  for (const phrase of phrases) {
    const pattern = new RegExp(`(^|\\s)${escapePattern(phrase)}(?=$|[\\s,.;!])`, "iu");
    const match = pattern.exec(result);
    if (!match) continue;
    const before = result.slice(0, match.index).replace(leadIns, "");
    result = `${before}${result.slice(match.index + match[0].length)}`;
  }
  if (passingWords) result = result.replace(passing, "");
  result = result
    .replace(/\s+([,.;!])/gu, "$1")
    .replace(/\s{2,}/gu, " ")
    .replace(/[\s,;:]+$/u, "")
    .trim();
  return result ? result : memory;
}
