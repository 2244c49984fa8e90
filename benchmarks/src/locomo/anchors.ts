/** Published turn-level recall (percent) at k = 5, 10, 25, 50, by category number and overall ("all"). */
export interface Anchor {
  /** Short name. */
  name: string;
  /** Where the numbers come from. */
  source: string;
  /** recall@k by category ("1".."5", "1-4", "all"). */
  recall: Record<string, Partial<Record<5 | 10 | 25 | 50, number>>>;
}

/** DRAGON dense retrieval over dialogue turns, LoCoMo paper (arXiv 2402.17753) Table 3, all ten conversations. */
export const dragonAnchor: Anchor = {
  name: "DRAGON (turns)",
  source: "LoCoMo paper, Table 3",
  recall: {
    "4": { 5: 68.0, 10: 77.7, 25: 87.1, 50: 91.1 },
    "1": { 5: 35.4, 10: 46.6, 25: 62.5, 50: 73.0 },
    "2": { 5: 70.4, 10: 77.3, 25: 83.5, 50: 89.6 },
    "3": { 5: 33.1, 10: 40.8, 25: 52.6, 50: 61.7 },
    "5": { 5: 43.9, 10: 54.7, 25: 66.3, 50: 72.5 },
    all: { 5: 56.7, 10: 66.2, 25: 76.7, 50: 82.7 },
  },
};

/** BM25 over single "Speaker: text" turns, one index per conversation (k1 1.2, b 0.75, stop words removed). */
export const bm25PlainAnchor: Anchor = {
  name: "BM25 (turns)",
  source: "PEERS.md §2.3, all 1,982 QAs with evidence",
  recall: {
    "4": { 5: 59.0, 10: 65.1, 25: 74.2, 50: 77.9 },
    "1": { 5: 18.0, 10: 27.3, 25: 36.8, 50: 41.7 },
    "2": { 5: 61.0, 10: 68.6, 25: 72.7, 50: 77.4 },
    "3": { 5: 23.2, 10: 29.1, 25: 33.8, 50: 38.8 },
    "5": { 5: 58.4, 10: 64.8, 25: 74.6, 50: 77.4 },
    "1-4": { 5: 49.7, 10: 56.7, 25: 64.6, 50: 68.8 },
    all: { 5: 51.7, 10: 58.5, 25: 66.9, 50: 70.8 },
  },
};

/** The same BM25 with light stemming. */
export const bm25StemmedAnchor: Anchor = {
  name: "BM25 stemmed (turns)",
  source: "PEERS.md §2.3",
  recall: {
    "4": { 5: 60.1, 10: 66.2, 25: 75.7, 50: 80.6 },
    "1": { 5: 21.9, 10: 33.7, 25: 45.9, 50: 53.3 },
    "2": { 5: 62.9, 10: 70.1, 25: 75.5, 50: 80.9 },
    "3": { 5: 22.8, 10: 29.4, 25: 36.7, 50: 43.0 },
    "5": { 5: 60.5, 10: 68.3, 25: 78.0, 50: 81.8 },
    "1-4": { 5: 51.4, 10: 58.8, 25: 67.9, 50: 73.4 },
    all: { 5: 53.5, 10: 61.0, 25: 70.2, 50: 75.3 },
  },
};

/** Every published anchor printed beside our numbers. */
export const anchors: Anchor[] = [dragonAnchor, bm25PlainAnchor, bm25StemmedAnchor];
