import type { ItemEntity, ItemToken, WinkMethods } from "wink-nlp";

/** One analysed token: its text, lowercase form, lemma, universal part of speech and negation flag. */
export interface Token {
  /** The token as written. */
  text: string;
  /** Lowercase form. */
  lower: string;
  /** Dictionary form ("moved" → "move"), lowercase. */
  lemma: string;
  /** Universal POS tag (PRON, VERB, AUX, NOUN, PROPN, ADJ, ADP, …). */
  pos: string;
  /** True when the token is in the scope of a negation ("not", "never", "n't"). */
  negated: boolean;
  /** True when the token is part of a date, time or duration ("next Tuesday", "since 2019"). */
  time: boolean;
  /** The text of the time phrase it belongs to, when `time` is true. */
  timePhrase?: string;
  /** The spaces written before it. */
  space: string;
}

/** Reads English text: sentences, and tokens with part of speech, lemma, negation and time phrases. */
export interface EnglishReader {
  /** Splits text into sentences (abbreviations and decimals kept whole). */
  sentences(text: string): string[];
  /** Analyses one clause. */
  tokens(clause: string): Token[];
}

let reader: Promise<EnglishReader> | undefined;

// Dates date a statement; clock times ("at 7am") and durations ("34 years", "for a decade") describe it, except
// the ones that point at a day ("tonight", "two weeks ago").
function isDating(type: string, value: string): boolean {
  if (type === "DATE") return true;
  return /\b(?:ago|tonight|tomorrow|yesterday|today|this (?:morning|afternoon|evening))\b/iu.test(value);
}

function createReader(nlp: WinkMethods): EnglishReader {
  const its = nlp.its;
  return {
    sentences: (text) =>
      text
        .split(/\n+/u)
        .flatMap((line) => nlp.readDoc(line).sentences().out())
        .map((sentence) => sentence.trim())
        .filter(Boolean),
    tokens: (clause) => {
      const doc = nlp.readDoc(clause);
      const phrases = new Map<number, string>();
      doc.entities().each((entity: ItemEntity) => {
        const detail = entity.out(its.detail) as { value: string; type: string };
        if (!isDating(detail.type, detail.value)) return;
        const [start, end] = entity.out(its.span) as unknown as [number, number];
        for (let index = start; index <= end; index++) phrases.set(index, detail.value);
      });
      const tokens: Token[] = [];
      doc.tokens().each((token: ItemToken, index: number) => {
        const text = token.out();
        tokens.push({
          text,
          lower: text.toLowerCase(),
          // The model's lemma function is typed with its add-ons; out() supplies them at run time.
          lemma: String(token.out(its.lemma as unknown as typeof its.value)).toLowerCase(),
          pos: String(token.out(its.pos)),
          negated: Boolean(token.out(its.negationFlag)),
          space: String(token.out(its.precedingSpaces)),
          time: phrases.has(index),
          ...(phrases.has(index) ? { timePhrase: phrases.get(index)! } : {}),
        });
      });
      return tokens;
    },
  };
}

/**
 * Loads wink-nlp with its light English model once (about 4 MB, a few hundred milliseconds) and returns a reader.
 * Loaded on the first offline extraction only, so importing core stays cheap.
 */
export function loadEnglishReader(): Promise<EnglishReader> {
  reader ??= (async () => {
    const [{ default: winkNLP }, { default: model }] = await Promise.all([
      import("wink-nlp"),
      import("wink-eng-lite-web-model"),
    ]);
    return createReader(winkNLP(model));
  })();
  return reader;
}
