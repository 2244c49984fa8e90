import type {
  AddSettings,
  BuildContextSettings,
  BuildContextResult,
  MaintenanceTriggerOptions,
  Memory,
  MaybePromise,
  Scope,
} from "@engram/core";
import type { CallOptions } from "./sdk-types.js";

/** Where an Engram error happened inside the middleware: the turn's write-back, or recording a tool call. */
export type EngramMiddlewareErrorPhase = "write-back" | "episode";

/** What the error handler learns about a failed background operation. */
export interface EngramMiddlewareErrorEvent {
  /** The operation that failed. */
  phase: EngramMiddlewareErrorPhase;
  /** The scope the operation ran in. */
  scope: Scope;
}

/** Options forwarded to `memory.buildContext()` (scope from the request; budget and floor are their own options). */
export type MiddlewareContextOptions = Omit<BuildContextSettings, "tokenBudget" | "minRelevance">;

/** Add options forwarded to `memory.add()` on write-back (the scope comes from the request). */
export type MiddlewareAddOptions = AddSettings;

/** Resolves the scope of one model call, e.g. from a session or from the call's provider options. */
export type ScopeResolver = (params: CallOptions) => MaybePromise<Scope | undefined>;

/** Options of `engramMiddleware()`. */
export interface EngramMiddlewareOptions {
  /** The Engram memory to read from and write to. */
  memory: Memory;
  /**
   * The default scope, or a function that returns the scope of a call. Fields passed per request as
   * `providerOptions: { engram: { userId } }` take precedence over it.
   */
  scope?: Scope | ScopeResolver;
  /**
   * The most tokens the memory system message may take (o200k_base tokens, fence included); the most relevant
   * memories that fit go in. @default 800
   */
  tokenBudget?: number;
  /**
   * Leave out memories whose relevance (vector and keyword, before recency and type weights) is below this, so
   * unrelated memories do not pad the prompt; 0 turns the floor off. Measured for the default wink embedder:
   * re-measure for another one. @default 0.5
   */
  minRelevance?: number;
  /** More options for `memory.buildContext()`: types, filters, threshold, asOf, candidate limit. */
  contextOptions?: MiddlewareContextOptions;
  /** Options for the write-back `add()`. @default { infer: true } */
  addOptions?: MiddlewareAddOptions;
  /** Write each finished turn (latest user message and the reply) back to memory. @default true */
  writeBack?: boolean;
  /** Wait for the write-back before the call returns (or before the stream closes). @default false */
  awaitWriteBack?: boolean;
  /**
   * Also record the tool calls of each finished turn, each with its result (tool-call and tool-result parts
   * paired by `toolCallId`), as `episode` memories with source role "tool" (`memory.addEvent()`), never as
   * user text. Independent of `writeBack`. @default false
   */
  episodes?: boolean;
  /**
   * Run `memory.maintain()` in the background after this many writes per scope (each stored turn and each
   * recorded tool call is one write), e.g. `{ afterWrites: 50, archive: [{ unaccessedFor: "180d" }] }`;
   * `flush()` also waits for it. @default no maintenance
   */
  maintenance?: MaintenanceTriggerOptions;
  /**
   * Turns the built context into the text of the inserted system message; called only when a memory was found.
   * Keep `context.text` in it: its fence tells the model the memories are data, not instructions.
   * @default `context.text`, core's fenced block
   */
  format?: (context: BuildContextResult) => string;
  /** Receives errors of background work such as write-back. @default logs a warning with console.warn */
  onError?: (error: unknown, event: EngramMiddlewareErrorEvent) => void;
}
