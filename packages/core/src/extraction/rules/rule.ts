import type { MemoryType } from "../../types.js";

/** A memory found by a rule: third-person text, type and (for single-valued attributes) a slot. */
export interface RuleFact {
  /** The memory text, e.g. "Lives in Porto". */
  memory: string;
  /** The memory type. */
  type: MemoryType;
  /** The single-valued attribute it fills; a new value supersedes the current one. */
  slot?: string;
  /** Set when the fact ends the slot's current value ("No longer works at Acme"): the value named, "" for any. */
  ends?: string;
  /** The sentence of the message the fact came from, with its time phrases ("I'm flying to Tokyo next Tuesday."). */
  sentence?: string;
}

/** One extraction rule: a pattern over a cleaned first-person clause and what to remember when it matches. */
export interface Rule {
  /** Name used in tests and debugging. */
  name: string;
  /** Matched against the cleaned clause (lowercase lead, contractions expanded, no trailing punctuation). */
  pattern: RegExp;
  /** Builds the facts; undefined when the captured values are too vague to remember. */
  build(match: RegExpExecArray, loose: boolean): RuleFact[] | undefined;
}

/** Shorthand for a one-fact result. */
export function fact(memory: string, type: MemoryType, slot?: string, ends?: string): RuleFact[] {
  return [{ memory, type, ...(slot ? { slot } : {}), ...(ends !== undefined ? { ends } : {}) }];
}

/** Languages recognised in preferences ("reply in Spanish") and as spoken languages. */
export const languages =
  "English|Spanish|Portuguese|French|German|Italian|Dutch|Polish|Russian|Ukrainian|Chinese|Mandarin|Cantonese|Japanese|Korean|Arabic|Hindi|Turkish|Greek|Swedish|Norwegian|Danish|Finnish|Czech|Hungarian|Romanian|Hebrew|Vietnamese|Thai|Indonesian|Catalan|Basque|Galician|Irish|Welsh";

/** Nationalities recognised in "I'm Portuguese". */
export const nationalities = new Set(
  (
    "American British English Scottish Welsh Irish Canadian Australian Mexican Brazilian Argentinian Argentine Chilean " +
    "Colombian Peruvian Venezuelan Cuban Spanish Portuguese French German Italian Dutch Belgian Swiss Austrian Polish " +
    "Czech Slovak Hungarian Romanian Bulgarian Greek Turkish Russian Ukrainian Swedish Norwegian Danish Finnish " +
    "Icelandic Estonian Latvian Lithuanian Serbian Croatian Slovenian Bosnian Albanian Chinese Japanese Korean " +
    "Vietnamese Thai Filipino Indonesian Malaysian Singaporean Indian Pakistani Bangladeshi Nepali Iranian Iraqi " +
    "Israeli Lebanese Syrian Egyptian Moroccan Algerian Tunisian Nigerian Ghanaian Kenyan Ethiopian South-African " +
    "Angolan Mozambican Cape-Verdean New-Zealander Kiwi"
  ).split(" "),
);
