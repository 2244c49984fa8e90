import { isStopWord, stemWord, words } from "../text/tokenize.js";

/**
 * What a memory text says, reduced for comparing near-duplicates: its content terms (stemmed, with intensifiers
 * dropped and like/love/enjoy folded together), whether it is negated, and the operator words (tense, modality,
 * frequency) that change the meaning of the rest. Two texts can only be merged when their operators agree.
 */
export interface ContentSignature {
  /** Stemmed content terms, each once. */
  terms: ReadonlySet<string>;
  /** True when the text is negated ("not", "never", "doesn't", …) or states a dislike. */
  negative: boolean;
  /** Operator words found (sorted, joined): "used", "want", "sometimes", … */
  operators: string;
  /** The first content term: what the text is about ("live" in "Lives in Porto"), "" when it has none. */
  head: string;
}

// Verbs of disliking: they count as a negation and as a verb of liking, so "Hates jazz" is the opposite of "Likes jazz".
const dislikeWords = [
  "dislike",
  "dislikes",
  "disliked",
  "hate",
  "hates",
  "hated",
  "detest",
  "detests",
  "loathe",
  "loathes",
];

const negators = new Set([
  ...dislikeWords,
  "not",
  "no",
  "never",
  "nor",
  "none",
  "nothing",
  "nobody",
  "neither",
  "without",
  "cannot",
  "can't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "shouldn't",
  "couldn't",
  "hasn't",
  "haven't",
  "hadn't",
]);

// Words that change what the remaining words mean: a past or ended state, a wish or plan, a frequency or an
// exception. "Used to live in Paris" must never be folded into "Lives in Paris", nor "Wants to visit Japan"
// into "Visited Japan".
const operatorWords = new Set([
  "used",
  "former",
  "formerly",
  "previously",
  "ex",
  "anymore",
  "longer",
  "stopped",
  "quit",
  "quitting",
  "gave",
  "ended",
  "want",
  "wants",
  "wanted",
  "wish",
  "wishes",
  "hope",
  "hopes",
  "plan",
  "plans",
  "planning",
  "intend",
  "intends",
  "would",
  "might",
  "may",
  "could",
  "should",
  "maybe",
  "perhaps",
  "probably",
  "considering",
  "thinking",
  "trying",
  "going",
  "will",
  "someday",
  "eventually",
  "soon",
  "next",
  "if",
  "unless",
  "sometimes",
  "rarely",
  "seldom",
  "occasionally",
  "usually",
  "often",
  "always",
  "hardly",
  "barely",
  "only",
  "almost",
  "except",
  "but",
  "although",
  "though",
  "however",
  "more",
  "less",
  "than",
  "most",
  "least",
]);

// Words that add emphasis or present-tense colour but no content: "really loves sushi" says "loves sushi".
const fillerWords = new Set([
  "really",
  "truly",
  "absolutely",
  "totally",
  "definitely",
  "genuinely",
  "actually",
  "honestly",
  "super",
  "quite",
  "so",
  "very",
  "lot",
  "lots",
  "much",
  "currently",
  "now",
  "nowadays",
  "still",
  "also",
  "just",
  "indeed",
  "these",
  "days",
]);

// Verbs of liking fold into one term, so "Loves sushi" and "Really enjoys sushi" compare as the same content.
const likeWords = new Set([
  "like",
  "likes",
  "liked",
  "love",
  "loves",
  "loved",
  "enjoy",
  "enjoys",
  "enjoyed",
  "adore",
  "adores",
  "fond",
  ...dislikeWords,
]);

/** The content signature of a memory text (see `ContentSignature`). */
export function contentSignature(text: string): ContentSignature {
  const terms = new Set<string>();
  const operators = new Set<string>();
  let negative = false;
  let head = "";
  for (const word of words(text)) {
    // Each negation flips the sense: "doesn't dislike" is not negative.
    if (negators.has(word) || word.endsWith("n't")) negative = !negative;
    if (operatorWords.has(word)) {
      operators.add(word.replace(/s$/u, ""));
      continue;
    }
    if (likeWords.has(word)) {
      terms.add("<like>");
      head ||= "<like>";
      continue;
    }
    if (fillerWords.has(word) || negators.has(word) || word.endsWith("n't") || isStopWord(word)) continue;
    const term = stemWord(word);
    terms.add(term);
    head ||= term;
  }
  return { terms, negative, operators: [...operators].sort().join(" "), head };
}

/** True when every term of `small` is in `large`. */
export function isSubset(small: ReadonlySet<string>, large: ReadonlySet<string>): boolean {
  if (small.size > large.size) return false;
  for (const term of small) if (!large.has(term)) return false;
  return true;
}

/** Shared terms over all terms (Jaccard), 0 for two empty sets. */
export function termOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
