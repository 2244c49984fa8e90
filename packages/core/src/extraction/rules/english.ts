// Small English helpers for the rule-based extractor: clause cleanup, third-person conversion, value trimming.

const contractions: Array<[RegExp, string]> = [
  [/\bi['’]m\b/giu, "i am"],
  [/\bi['’]ve\b/giu, "i have"],
  [/\bi['’]d\b/giu, "i would"],
  [/\bi['’]ll\b/giu, "i will"],
  [/\bwe['’]re\b/giu, "we are"],
  [/\bwe['’]ve\b/giu, "we have"],
  [/\bwe['’]ll\b/giu, "we will"],
  [/\bwe['’]d\b/giu, "we would"],
  [/\bcan['’]t\b/giu, "cannot"],
  [/\bwon['’]t\b/giu, "will not"],
  [/\b(do|does|did|is|are|was|were|have|has|had)n['’]t\b/giu, "$1 not"],
  [/\bdont\b/giu, "do not"],
  [/\bim\b/gu, "i am"],
  [/\bname['’]s\b/giu, "name is"],
];

const leadingFillers =
  /^(?:actually|also|and|but|so|oh|ok|okay|well|btw|by the way|anyway|fyi|just so you know|for the record|for context|honestly|yeah|yes|no|hey|hi|hello|um|uh|hmm|oh and|oh by the way|quick update|update)\b[\s,:;.!-]*/iu;

/** Expands contractions, strips leading fillers ("Actually, …") and trailing punctuation; keeps the case of names. */
export function cleanClause(text: string): string {
  let clause = text.replace(/[’`]/gu, "'").replace(/\s+/gu, " ").trim();
  for (const [pattern, replacement] of contractions) clause = clause.replace(pattern, replacement);
  let previous: string;
  do {
    previous = clause;
    clause = clause.replace(leadingFillers, "").trim();
  } while (clause !== previous);
  return clause.replace(/[\s.!,;:]+$/u, "").trim();
}

/** Splits a message into sentences, keeping a question mark so questions can be recognised. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Splits a sentence into clauses where a new first-person clause starts ("… and I live in Lisbon"). */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(
      /(?:,\s*|\s+)(?:and|but|so|plus)\s+(?:also\s+)?(?=(?:i|my|we)\b)|[,;]\s+(?=(?:i|my|we|our)\b)|\s*[:—–]\s*(?=(?:i|my|we|our)\b)|\s+-\s+(?=(?:i|my|we|our)\b)/iu,
    )
    .map((clause) => clause.trim())
    .filter(Boolean);
}

const modalVerbs = new Set([
  "can",
  "cannot",
  "could",
  "will",
  "would",
  "should",
  "must",
  "may",
  "might",
  "shall",
  "was",
  "had",
]);
const irregular: Record<string, string> = {
  am: "is",
  are: "is",
  be: "is",
  have: "has",
  do: "does",
  go: "goes",
  were: "was",
};
const adverbs = new Set([
  "usually",
  "always",
  "often",
  "never",
  "sometimes",
  "really",
  "also",
  "still",
  "now",
  "currently",
  "rarely",
  "mostly",
  "just",
  "normally",
  "typically",
  "generally",
  "absolutely",
  "totally",
  "definitely",
  "actually",
]);

/** The third-person singular form of a verb: live → lives, have → has, study → studies, can → can. */
export function conjugate(verb: string): string {
  const lower = verb.toLowerCase();
  if (irregular[lower]) return irregular[lower];
  if (modalVerbs.has(lower)) return lower;
  if (/(?:s|sh|ch|x|z|o)$/u.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/u.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** Swaps first-person words for third-person ones inside a phrase: my → their, me → them. */
export function swapPronouns(phrase: string): string {
  return phrase
    .replace(/\bmyself\b/giu, "themselves")
    .replace(/\bmine\b/giu, "theirs")
    .replace(/\bmy\b/giu, "their")
    .replace(/\bourselves\b/giu, "themselves")
    .replace(/\bours\b/giu, "theirs")
    .replace(/\bour\b/giu, "their")
    .replace(/\bus\b/gu, "them")
    .replace(/\bme\b/giu, "them")
    .replace(/\bi am\b/giu, "they are")
    .replace(/\bi\b/giu, "they");
}

/** "i usually go to the gym" → "Usually goes to the gym": drops the subject and conjugates the first verb. */
export function predicate(words: string): string {
  const tokens = words.trim().split(/\s+/u);
  const index = tokens.findIndex((token) => !adverbs.has(token.toLowerCase()));
  if (index < 0) return capitalize(words);
  if (tokens[index]!.toLowerCase() === "not" && index > 0) return capitalize(words);
  tokens[index] = conjugate(tokens[index]!);
  if (tokens[index] === "does" && tokens[index + 1]?.toLowerCase() === "not")
    tokens.splice(index, 2, "does not");
  return capitalize(swapPronouns(tokens.join(" ")));
}

/** Upper-cases the first letter. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const trailingTime =
  /\s+(?:now|currently|these days|nowadays|anymore|any more|recently|lately|yesterday|today|again|too|as well|permanently|for good|last (?:week|month|year|summer|winter|spring|fall|autumn)|(?:a|one|two|three|a few|several|\d+) (?:days?|weeks?|months?|years?) ago|a while (?:ago|back)|in \d{4}|since \d{4}|since (?:last )?\w+|for (?:\d+|a few|several|two|three|many) (?:days|weeks|months|years))$/iu;

/** Trims trailing time words and punctuation from a captured value: "Porto last month" → "Porto". */
export function trimValue(value: string): string {
  let result = value.trim().replace(/[\s.!,;:]+$/u, "");
  let previous: string;
  do {
    previous = result;
    result = result.replace(trailingTime, "").trim();
  } while (result !== previous);
  return result;
}

const objectPronouns =
  /^(?:it|its|it's|that|this|these|those|them|you|your|yours|him|her|everything|nothing|something|anything|all of it|so|too|to think|when|how|what|which|the idea|here|there|one)\b/iu;

/** True when a captured object is a pronoun or too vague to remember ("it", "that", "your answer"). */
export function isVagueObject(value: string): boolean {
  return !value.trim() || objectPronouns.test(value.trim());
}

/** Lowercase snake_case, for slot names: "Favorite color" → "favorite_color". */
export function snakeCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/favourite/gu, "favorite")
    .replace(/[^a-z0-9]+/gu, "_")
    .replace(/^_|_$/gu, "");
}
