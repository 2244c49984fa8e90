import {
  type BuildContextResult,
  defaultInjectionOptions,
  type Memory,
  type MemoryFilter,
  type MemoryType,
  WriteBackQueue,
} from "@engram/core";
import type { BaseMessage } from "@langchain/core/messages";
import type { TurnScope } from "./resolve-scope.js";
import { lastTurn, toChatMessages } from "./to-chat-messages.js";
import { TurnCache } from "./turn-cache.js";

/** Where an error reported to `onError` happened. */
export type MemoryErrorPhase = "search" | "write";

/** What the per-turn search and write-back need. */
export interface TurnMemoryOptions {
  /** The Engram memory. */
  memory: Memory;
  /** The most tokens the memory block may take. */
  tokenBudget?: number;
  /** Leave out memories whose relevance is below this. */
  minRelevance?: number;
  /** Drop memories scoring below this. */
  threshold?: number;
  /** Only memories matching this filter. */
  filters?: MemoryFilter;
  /** Only memories of these types. */
  types?: MemoryType[];
  /** Turns the built context into the text to inject. */
  format?: (context: BuildContextResult) => string;
  /** Builds the query from the turn's messages. */
  query?: (messages: BaseMessage[]) => string;
  /** Receives search and write-back errors. */
  onError?: (error: unknown, phase: MemoryErrorPhase) => void;
}

/** The last human message, which starts the current turn. */
export function lastHuman(messages: readonly BaseMessage[]): BaseMessage | undefined {
  return [...messages].reverse().find((message) => message.getType() === "human");
}

/** The per-turn memory work of the middleware: one cached search per turn, and tracked write-backs. */
export class TurnMemory {
  private readonly cache = new TurnCache<Promise<string>>();
  private readonly queue = new WriteBackQueue();

  constructor(private readonly options: TurnMemoryOptions) {}

  private report(error: unknown, phase: MemoryErrorPhase): void {
    if (this.options.onError) this.options.onError(error, phase);
    else console.error(`[engram] [langchain] memory ${phase} failed:`, error);
  }

  private key(scope: TurnScope, messages: readonly BaseMessage[]): string {
    const human = lastHuman(messages);
    return JSON.stringify([scope.search, human?.id ?? human?.text ?? ""]);
  }

  /** The memory block for the turn: searched on the first call, then served from the cache. */
  search(scope: TurnScope, messages: BaseMessage[]): Promise<string> {
    const key = this.key(scope, messages);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const found = this.find(scope, messages).catch((error: unknown) => {
      this.report(error, "search");
      return "";
    });
    this.cache.set(key, found);
    return found;
  }

  private async find(scope: TurnScope, messages: BaseMessage[]): Promise<string> {
    const { options } = this;
    const query = (options.query ?? ((all: BaseMessage[]) => lastHuman(all)?.text ?? ""))(messages).trim();
    if (!query) return "";
    // Core renders the block: fenced, marked as data and escaped, within the token budget.
    const context = await options.memory.buildContext(query, {
      ...scope.search,
      tokenBudget: options.tokenBudget ?? defaultInjectionOptions.tokenBudget,
      minRelevance: options.minRelevance ?? defaultInjectionOptions.minRelevance,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.filters ? { filters: options.filters } : {}),
      ...(options.types ? { types: options.types } : {}),
    });
    if (context.ids.length === 0) return "";
    return options.format ? options.format(context) : context.text;
  }

  /** Drops the turn's cached search once the turn is over. */
  forget(scope: TurnScope, messages: readonly BaseMessage[]): void {
    this.cache.delete(this.key(scope, messages));
  }

  /**
   * Sends the turn to Engram's extraction; waits only when asked, errors go to onError. Write-backs of one
   * scope run one after the other, so a fast second turn cannot overtake the first.
   */
  async writeBack(scope: TurnScope, messages: BaseMessage[], wait: boolean): Promise<void> {
    const turn = toChatMessages(lastTurn(messages));
    if (turn.length === 0) return;
    const write = this.queue.enqueue(
      JSON.stringify(scope.write),
      () =>
        this.options.memory.add(turn, {
          ...scope.write,
          infer: true,
          ...(scope.runId ? { source: { runId: scope.runId } } : {}),
        }),
      (error) => this.report(error, "write"),
    );
    if (wait) await write;
  }

  /** Waits until every background write-back started so far has finished. */
  flush(): Promise<void> {
    return this.queue.flush();
  }
}
