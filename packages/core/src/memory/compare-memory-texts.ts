import { contentSignature, termOverlap } from "../consolidation/content-signature.js";
import { words } from "../text/tokenize.js";

/** How two memory texts compare in wording: whether they can say the same thing at all, and how much they share. */
export interface MemoryTextComparison {
  /**
   * False when the texts cannot say the same thing whatever their meaning vectors say: opposite polarity
   * ("likes" / "dislikes"), different operators ("is" / "used to be", "wants to"), different numbers, dates or names.
   */
  compatible: boolean;
  /** Why they are not compatible (absent when they are). */
  conflict?: "polarity" | "operators" | "numbers" | "names" | "roles" | "empty";
  /** Shared content terms over all content terms (Jaccard, stems folded as in consolidation), in [0, 1]. */
  overlap: number;
  /** Content terms of the new text that the existing one lacks (what the new text might add). */
  extraTerms: number;
}

const numberWords = new Map(
  [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
  ].map((word, value) => [word, String(value)]),
);
for (const [word, value] of [
  ["first", "1st"],
  ["second", "2nd"],
  ["third", "3rd"],
  ["fourth", "4th"],
  ["fifth", "5th"],
  ["twice", "2"],
  ["once", "1"],
  ["dozen", "12"],
  ["hundred", "100"],
  ["thousand", "1000"],
] as const)
  numberWords.set(word, value);

// Closed classes whose members are values, not wording: "on Monday" and "on Friday" are different facts.
const valueWords = new Set([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "january",
  "february",
  "march",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "yesterday",
  "today",
  "tomorrow",
  "morning",
  "afternoon",
  "evening",
  "night",
  "spring",
  "summer",
  "autumn",
  "fall",
  "winter",
]);

/**
 * The numbers (whole, so "1.2" and "10:30" stay one value; number words as digits) and value words (weekdays,
 * months, …) of a text.
 */
function valuesOf(text: string, textWords: readonly string[]): Set<string> {
  const values = new Set<string>();
  for (const [number] of text.matchAll(/\p{N}+(?:[.,:/]\p{N}+)*/gu))
    values.add(number.replace(/^0+(?=\d)/u, ""));
  for (const word of textWords) {
    if (numberWords.has(word)) values.add(numberWords.get(word)!);
    else if (valueWords.has(word)) values.add(word);
  }
  return values;
}

/** True when the sets hold the same values. */
function sameValues(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && isWithin(a, b);
}

/** Lowercased names: capitalised words that do not start a sentence ("I" and the first word are left out). */
function namesOf(text: string): Set<string> {
  const names = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?:;])\s+|\n+/u)) {
    const found = sentence.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
    for (const [index, word] of found.entries()) {
      if (index === 0 || /^I(?:['’]\p{L}+)?$/u.test(word) || !/^\p{Lu}/u.test(word)) continue;
      names.add(word.toLowerCase().replace(/['’]s$/u, ""));
    }
  }
  return names;
}

// Words that frame a statement without adding to it: "Sushi is something I love", "My cat is called Luna".
const frameWords = new Set(["someth", "thing", "name", "call"]);

/** Content terms with number words written as digits ("two kids" and "2 kids" share both) and frame words left out. */
function foldedTerms(terms: ReadonlySet<string>): Set<string> {
  const folded = new Set<string>();
  for (const term of terms) if (!frameWords.has(term)) folded.add(numberWords.get(term) ?? term);
  return folded;
}

const rolePronouns = new Map([
  ["i", "i"],
  ["i'm", "i"],
  ["i've", "i"],
  ["i'd", "i"],
  ["i'll", "i"],
  ["me", "me"],
  ["we", "we"],
  ["we're", "we"],
  ["we've", "we"],
  ["us", "us"],
  ["he", "he"],
  ["he's", "he"],
  ["him", "him"],
  ["she", "she"],
  ["she's", "she"],
  ["they", "they"],
  ["they're", "they"],
  ["them", "them"],
  ["you", "you"],
  ["you're", "you"],
]);

/**
 * Who does what to whom, as far as personal pronouns tell: "I called my mom" and "My mom called me" share every
 * term but not their roles. A text without any ("Lives in Porto") has the user as its implicit subject.
 */
function rolesOf(textWords: readonly string[]): string {
  const roles = new Set<string>();
  for (const word of textWords) {
    const role = rolePronouns.get(word);
    if (role) roles.add(role);
  }
  return roles.size === 0 ? "i" : [...roles].sort().join(" ");
}

function isWithin(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

/** What the comparison reads from one text; computed once per text when it is compared with many. */
export interface MemoryTextAnalysis {
  /** Content terms (number words as digits, frame words left out). */
  terms: ReadonlySet<string>;
  /** Negated or a dislike. */
  negative: boolean;
  /** Operator words. */
  operators: string;
  /** Numbers and value words. */
  values: ReadonlySet<string>;
  /** Capitalised names. */
  names: ReadonlySet<string>;
  /** Every word, for finding the other text's names. */
  words: ReadonlySet<string>;
  /** Pronoun roles, and the speaker of a transcript line ("Maria: …"). */
  roles: string;
}

// "Maria: Thanks, John." is Maria speaking: a transcript line's speaker is part of who does what.
const speakerLabel = /^\s*(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*)?):\s/u;

/** Reads what `compareAnalyses` needs from a memory text. */
export function analyzeMemoryText(text: string): MemoryTextAnalysis {
  const signature = contentSignature(text);
  const textWords = words(text);
  return {
    terms: foldedTerms(signature.terms),
    negative: signature.negative,
    operators: signature.operators,
    values: valuesOf(text, textWords),
    names: namesOf(text),
    words: new Set(textWords),
    roles: `${text.match(speakerLabel)?.[1]?.toLowerCase() ?? ""}|${rolesOf(textWords)}`,
  };
}

/** `compareMemoryTexts` on texts analysed beforehand (`analyzeMemoryText`). */
export function compareAnalyses(
  incoming: MemoryTextAnalysis,
  existing: MemoryTextAnalysis,
): MemoryTextComparison {
  const overlap = termOverlap(incoming.terms, existing.terms);
  let extraTerms = 0;
  for (const term of incoming.terms) if (!existing.terms.has(term)) extraTerms++;
  const measured = { overlap, extraTerms };
  if (incoming.terms.size === 0 || existing.terms.size === 0)
    return { compatible: false, conflict: "empty", ...measured };
  if (incoming.negative !== existing.negative)
    return { compatible: false, conflict: "polarity", ...measured };
  if (incoming.operators !== existing.operators)
    return { compatible: false, conflict: "operators", ...measured };
  // The new text may leave numbers and names out; the numbers it says are all of the existing text's, and it says no
  // name the existing text does not.
  if (incoming.values.size > 0 && !sameValues(incoming.values, existing.values))
    return { compatible: false, conflict: "numbers", ...measured };
  if (!isWithin(incoming.names, existing.words)) return { compatible: false, conflict: "names", ...measured };
  if (incoming.roles !== existing.roles) return { compatible: false, conflict: "roles", ...measured };
  return { compatible: true, ...measured };
}

/**
 * Compares the wording of a new memory text with an existing one for near-duplicate detection on add: the
 * lexical half of the rule (the embedder's cosine similarity is the other half). It never calls a new text
 * compatible when its polarity, operators or pronoun roles differ, or when it says a number, date or name that
 * the existing text does not.
 * @example
 * compareMemoryTexts("I really love sushi!", "I love sushi.").compatible; // true, overlap 1
 */
export function compareMemoryTexts(newText: string, existingText: string): MemoryTextComparison {
  return compareAnalyses(analyzeMemoryText(newText), analyzeMemoryText(existingText));
}
