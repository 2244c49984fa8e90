// Type declarations for the two small CommonJS text libraries core uses (neither ships types).
declare module "wink-porter2-stemmer" {
  /** Stems one lowercase English word with the Porter2 algorithm. */
  const stem: (word: string) => string;
  export = stem;
}

declare module "stopword" {
  /** The English stop-word list. */
  export const eng: string[];
}
