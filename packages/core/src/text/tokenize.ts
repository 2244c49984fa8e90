import { eng } from "stopword";
import stem from "wink-porter2-stemmer";

// The library's English list (108 words) misses common function words and contractions. "user" and
// "assistant" are added because memories are written about the scoped user with the subject left implicit
// ("Lives in Lisbon"), so "the user" in an agent's query carries no content to match.
const extraStopWords = [
  "does",
  "doing",
  "doesn't",
  "don't",
  "didn't",
  "when",
  "whom",
  "whose",
  "why",
  "i'm",
  "i've",
  "i'd",
  "i'll",
  "you're",
  "you've",
  "you'd",
  "you'll",
  "he's",
  "she's",
  "it's",
  "we're",
  "we've",
  "they're",
  "they've",
  "that's",
  "there's",
  "what's",
  "let's",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "shouldn't",
  "also",
  "just",
  "user",
  "users",
  "assistant",
];
const stopWords = new Set([...eng, ...extraStopWords]);
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Splits text into lowercase words (letters and digits, keeping inner apostrophes). */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const match of text.toLowerCase().normalize("NFKC").matchAll(wordPattern)) {
    result.push(match[0].replace(/['’]s$/u, "").replace(/’/gu, "'"));
  }
  return result;
}

/** True for English stop words ("the", "and", "i", …). */
export function isStopWord(word: string): boolean {
  return stopWords.has(word);
}

const stemCache = new Map<string, string>();
const stemCacheLimit = 100_000;

/** Porter2 stem of a lowercase word, memoised (stemming dominates indexing time otherwise). */
function cachedStem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (stemCache.size >= stemCacheLimit) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Longest word that is stemmed and indexed whole. Stemming costs grow faster than a word's length (one
 * 20,000-character token took 2.9 s), and no English word is this long: longer ones (hashes, base64, runs of
 * one letter) are cut to this length unstemmed, the same way in memories and in queries.
 */
export const maxTermLength = 48;

/** The term of one lowercase word as `terms()` indexes it: Porter2-stemmed, numbers as they are, long words cut. */
export function stemWord(word: string): string {
  if (word.length > maxTermLength) return word.slice(0, maxTermLength);
  return /^\p{N}+$/u.test(word) ? word : cachedStem(word);
}

/** Stemmed content terms of a text: lowercase, stop words removed, Porter2-stemmed. Used for BM25. */
export function terms(text: string): string[] {
  const result: string[] = [];
  for (const word of words(text)) {
    if (stopWords.has(word)) continue;
    result.push(stemWord(word));
  }
  return result;
}

/** Most keyword terms a search uses (the first ones of the query); the vector side still sees the whole query. */
export const maxQueryTerms = 256;

/** The keyword terms of a search query: its terms, at most `maxQueryTerms`, so a query's work is bounded. */
export function queryTerms(query: string): string[] {
  const result = terms(query);
  return result.length > maxQueryTerms ? result.slice(0, maxQueryTerms) : result;
}

/** Counts each term's occurrences. */
export function termFrequencies(termList: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of termList) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
