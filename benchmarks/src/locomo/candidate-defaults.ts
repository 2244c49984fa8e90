// Declared before any leave-one-out number was looked at (and committed on its own): the candidate defaults
// for message arrays that each fold chooses from, and the rule it chooses by.

/** One candidate default: how many neighbouring messages of the same `add()` are indexed with each message. */
export interface CandidateDefault {
  /** Messages before (the question an answer replies to). */
  before: number;
  /** Messages after (the reaction a statement gets). */
  after: number;
}

/** The pre-declared grid: 0–3 preceding × 0–1 following messages (name and date indexing are always on). */
export const candidateDefaults: readonly CandidateDefault[] = [0, 1, 2, 3].flatMap((before) =>
  [0, 1].map((after) => ({ before, after })),
);

/** A short label, e.g. "2 before, 1 after". */
export function candidateLabel(candidate: CandidateDefault): string {
  return `${candidate.before} before, ${candidate.after} after`;
}

/**
 * The selection rule, also declared in advance: the highest recall@10 pooled over every question with evidence of
 * the tuning conversations; a tie (within 0.05 points) goes to the candidate with fewer context messages, then fewer
 * following ones (cheaper to index, less to crowd the top 10).
 */
export const selectionRule =
  "highest pooled R@10 on the tuning conversations; ties to fewer context messages";
