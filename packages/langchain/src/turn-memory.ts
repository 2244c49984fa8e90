import {
  type BuildContextResult,
  defaultInjectionOptions,
  type MaintenanceTrigger,
  type Memory,
  type MemoryFilter,
  type MemoryType,
  queryTail,
  WriteBackQueue,
} from "@engram/core";
import type { BaseMessage } from "@langchain/core/messages";
import type { TurnScope } from "./resolve-scope.js";
import { lastTurn, toChatMessages } from "./to-chat-messages.js";
import { toolCallEvents } from "./tool-events.js";
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
  /** Record the turn's tool calls and their results as episodes. */
  episodes?: boolean;
  /** Tools whose calls are not recorded (the middleware's own memory tools: what they do is memory already). */
  unrecordedTools?: ReadonlySet<string>;
  /** Told about every successful write, to run maintenance after N writes per scope. */
  maintenanceTrigger?: MaintenanceTrigger;
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
    const context = await options.memory.buildContext(queryTail(query), {
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
   * Sends the turn to Engram's extraction (when `text` is set) and, with `episodes`, records its tool calls;
   * waits only when asked, errors go to onError. Write-backs of one scope run one after the other, so a fast
   * second turn cannot overtake the first.
   */
  async writeBack(scope: TurnScope, messages: BaseMessage[], wait: boolean, text = true): Promise<void> {
    const { memory, maintenanceTrigger: maintenance } = this.options;
    const key = JSON.stringify(scope.write);
    const source = scope.runId ? { source: { runId: scope.runId } } : {};
    const onError = (error: unknown) => this.report(error, "write");
    const writes: Promise<void>[] = [];
    // afterAgent runs once per invocation and the turn starts at the last human message, so only the calls the
    // agent made in this turn are here: the earlier turns a checkpointed thread resends are never recorded again.
    const turn = lastTurn(messages);
    const events = this.options.episodes
      ? toolCallEvents(turn).filter(({ event }) => !this.options.unrecordedTools?.has(event.name))
      : [];
    if (events.length > 0) {
      const record = async () => {
        for (const { id, event } of events) {
          await memory.addEvent(event, { ...scope.write, metadata: { toolCallId: id }, ...source });
          maintenance?.recordWrites(scope.write);
        }
      };
      writes.push(this.queue.enqueue(key, record, onError));
    }
    const chat = text ? toChatMessages(turn) : [];
    if (chat.length > 0) {
      const add = async () => {
        await memory.add(chat, { ...scope.write, infer: true, ...source });
        maintenance?.recordWrites(scope.write);
      };
      writes.push(this.queue.enqueue(key, add, onError));
    }
    if (wait) await Promise.all(writes);
  }

  /** Waits until every background write-back started so far, and the maintenance it started, has finished. */
  async flush(): Promise<void> {
    await this.queue.flush();
    await this.options.maintenanceTrigger?.idle();
  }
}
