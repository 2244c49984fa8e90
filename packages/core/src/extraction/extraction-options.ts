import type { MaybePromise, MemoryType, Metadata, Scope } from "../types.js";

/** A memory type the extractor may assign, with a description that tells the model when to use it. */
export interface MemoryTypeDefinition {
  /** The type name, e.g. "preference" (lowercase letters, digits, `_` or `-`). */
  name: MemoryType;
  /** When to use it, e.g. "likes, dislikes and how the user wants answers". */
  description: string;
}

/** A memory about to be written (by `add()`, `update()`, `delete()` or a memory tool), as seen by `beforeWrite`. */
export interface MemoryCandidate {
  /** ADD for a new memory, UPDATE for a change to an existing one, DELETE for a removal (allow or veto only). */
  event: "ADD" | "UPDATE" | "DELETE";
  /** The id of the existing memory an UPDATE or DELETE is about. */
  memoryId?: string;
  /** The text that will be stored. */
  memory: string;
  /** Its type. */
  type: MemoryType;
  /** The metadata that will be stored (merged into the existing metadata for UPDATE). */
  metadata: Metadata;
  /** The single-valued attribute it fills, if any (e.g. "location"). */
  slot?: string;
  /** The scope of the call. */
  scope: Scope;
  /** The current text of the memory an UPDATE changes. */
  previousMemory?: string;
}

/** What `beforeWrite` may change: the text, the type or the metadata. */
export interface MemoryCandidateChanges {
  /** Replacement text, e.g. with an e-mail address redacted. */
  memory?: string;
  /** Replacement type. */
  type?: MemoryType;
  /** Replacement metadata. */
  metadata?: Metadata;
}

/**
 * Inspects each memory before it is written: return `false` (or `null`) to veto it, changes to redact or retype
 * it, `"pending"` to hold a new memory for review (out of every read until `approve()`; for a change to an existing
 * memory, which cannot wait, it counts as a veto), or nothing to keep it.
 */
export type BeforeWriteHook = (
  candidate: MemoryCandidate,
) => MaybePromise<MemoryCandidateChanges | "pending" | boolean | null | undefined>;

/** What one agent may write (through any write path) when the call's scope names that agent. */
export interface AgentWritePolicy {
  /** The only memory types the agent may create, change or delete. @default every type */
  types?: MemoryType[];
  /** The only operations the agent may perform. @default ["ADD", "UPDATE", "DELETE"] */
  events?: Array<"ADD" | "UPDATE" | "DELETE">;
  /** Hold every new memory the agent writes for review (`approve()` / `reject()`). @default false */
  review?: boolean;
}

/** The most operations one model answer may propose unless `extraction.maxOperations` says otherwise. */
export const defaultMaxOperations = 100;

/** How `add(…, { infer: true })` decides what to remember. */
export interface ExtractionOptions {
  /** Extra guidance appended to the model's instructions, e.g. "Never store health information." */
  customInstructions?: string;
  /** The memory types the model may assign. @default fact, preference, task_state and episode */
  types?: MemoryTypeDefinition[];
  /** Called for every memory about to be written (every add path, update, delete and the memory tools): redact or veto. */
  beforeWrite?: BeforeWriteHook;
  /** Write policies keyed by agent id, applied when an add's scope has that `agentId`. */
  agentPolicies?: Record<string, AgentWritePolicy>;
  /** How many related existing memories the model sees. @default 10 */
  relatedMemories?: number;
  /** Upper bound on the model's answer tokens. @default 1000 */
  maxOutputTokens?: number;
  /**
   * The most operations one model answer may propose; an answer with more fails the add with an ExtractionError
   * and applies nothing. @default 100
   */
  maxOperations?: number;
  /**
   * Resolve time expressions against the time a message was said: "moved last month" makes the memory valid from
   * then, "flying next Tuesday" gets the date in its text and `metadata.eventDate`. @default true
   */
  resolveTimes?: boolean;
  /**
   * How long after the end of an upcoming event's day (or month, or year) its memory expires: a duration such as
   * "7d", or ms; null keeps such memories. An event already over when it is written does not expire. @default "14d"
   */
  eventExpiry?: string | number | null;
}

/** Why an operation planned by the extractor was not applied. */
export type SkipReason = "unknown-target" | "invalid" | "conflict" | "vetoed" | "policy" | "duplicate";

/** An operation the extractor proposed but `add()` did not apply, with the reason. */
export interface SkippedOperation {
  /** Why it was skipped. */
  reason: SkipReason;
  /** The proposed operation kind. */
  event: string;
  /** The proposed text, if any. */
  memory?: string;
  /** The memory number the model named (as shown in the prompt), if any. */
  target?: number;
  /** The id of the existing memory the operation was about, if any. */
  memoryId?: string;
  /** A human-readable explanation. */
  detail: string;
}
