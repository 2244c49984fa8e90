import type { LocomoConversation, LocomoTurn } from "./locomo-types.js";

/** A retrieved memory: its text and the dialogue ids it came from. */
export interface RetrievedMemory {
  /** The memory text (what a prompt would include). */
  text: string;
  /** Source dialogue ids. */
  sourceIds: string[];
  /** The retriever's relevance for the query in [0, 1], when it reports one (Engram: before recency and type weights). */
  relevance?: number;
}

/** A system under evaluation: ingests a conversation into its own scope, then answers searches in it. */
export interface LocomoRetriever {
  /** Label in reports, e.g. "engram verbatim". */
  readonly name: string;
  /** Stores the conversation; returns how many memories were stored. */
  ingest(conversation: LocomoConversation): Promise<number>;
  /** The best `limit` memories for the question, best first. */
  search(conversation: LocomoConversation, question: string, limit: number): Promise<RetrievedMemory[]>;
  /** Releases resources. */
  close(): Promise<void>;
}

/** The text a turn is stored as: "Speaker: text" (the BM25 baseline's form), or the bare text. */
export function turnContent(turn: LocomoTurn, speakerPrefix: boolean): string {
  return speakerPrefix ? `${turn.speaker}: ${turn.text}` : turn.text;
}
