import type { AddOptions, Memory, MaybePromise, Scope, ScoredMemoryItem, SearchOptions } from "@engram/core";
import type { CallOptions } from "./sdk-types.js";

/** Where an Engram error happened inside the middleware. */
export type EngramMiddlewareErrorPhase = "write-back";

/** What the error handler learns about a failed background operation. */
export interface EngramMiddlewareErrorEvent {
  /** The operation that failed. */
  phase: EngramMiddlewareErrorPhase;
  /** The scope the operation ran in. */
  scope: Scope;
}

/** Search options forwarded to `memory.search()` (the scope comes from the request). */
export type MiddlewareSearchOptions = Omit<SearchOptions, "userId" | "agentId" | "runId">;

/** Add options forwarded to `memory.add()` on write-back (the scope comes from the request). */
export type MiddlewareAddOptions = Omit<AddOptions, "userId" | "agentId" | "runId">;

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
  /** Options for the memory search. @default { limit: 5 } */
  searchOptions?: MiddlewareSearchOptions;
  /** Options for the write-back `add()`. @default { infer: true } */
  addOptions?: MiddlewareAddOptions;
  /** Write each finished turn (latest user message and the reply) back to memory. @default true */
  writeBack?: boolean;
  /** Wait for the write-back before the call returns (or before the stream closes). @default false */
  awaitWriteBack?: boolean;
  /** Turns retrieved memories into the text of the inserted system message. */
  formatMemories?: (memories: ScoredMemoryItem[]) => string;
  /** Receives errors of background work such as write-back. @default logs a warning with console.warn */
  onError?: (error: unknown, event: EngramMiddlewareErrorEvent) => void;
}
