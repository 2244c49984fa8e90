/** One dialogue turn of a LoCoMo conversation. */
export interface LocomoTurn {
  /** Dialogue id, e.g. "D3:12" (session 3, turn 12). */
  diaId: string;
  /** Who said it. */
  speaker: string;
  /** What was said (with an image caption appended when the turn shared a picture). */
  text: string;
}

/** One session: turns that happened at one date and time. */
export interface LocomoSession {
  /** Session number (the N of `session_N`). */
  number: number;
  /** The session's date and time as written in the data, e.g. "1:56 pm on 8 May, 2023". */
  dateTime?: string;
  /** The turns, in order. */
  turns: LocomoTurn[];
}

/** One question with its gold evidence. */
export interface LocomoQuestion {
  /** Position of the question in its conversation's `qa` list. */
  index: number;
  /** The question. */
  question: string;
  /** The gold answer as text (integers are coerced; adversarial questions use `adversarial_answer`). */
  answer: string;
  /** Valid dialogue ids that hold the evidence (repaired and checked against the conversation). */
  evidence: string[];
  /** Numeric category: 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial. */
  category: number;
}

/** One conversation with its questions. */
export interface LocomoConversation {
  /** The sample id, e.g. "conv-26". */
  sampleId: string;
  /** The two speakers. */
  speakers: [string, string];
  /** Sessions in order. */
  sessions: LocomoSession[];
  /** Questions. */
  questions: LocomoQuestion[];
}

/** A loaded dataset and the defects repaired or skipped while loading it. */
export interface LocomoDataset {
  /** The conversations. */
  conversations: LocomoConversation[];
  /** One line per repaired or dropped item, e.g. `conv-26 qa 81: split evidence "D8:6; D9:17"`. */
  warnings: string[];
}

/** Category names by number (LoCoMo's own numbering; vendors relabel them, so always print the number too). */
export const categoryNames: Record<number, string> = {
  1: "multi-hop",
  2: "temporal",
  3: "open-domain",
  4: "single-hop",
  5: "adversarial",
};
