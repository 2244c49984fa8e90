import {
  type AddSettings,
  asSelector,
  type BuildContextSettings,
  type BuildContextResult,
  defaultInjectionOptions,
  type Memory as EngramMemory,
  hasScope,
  InvalidArgumentError,
  pickScope,
  queryTail,
  type Scope,
} from "@engram/core";
import type { MessageType } from "@llamaindex/core/llms";
import { BaseMemoryBlock, type MemoryMessage } from "@llamaindex/core/memory";
import { latestUserText, toEngramMessages } from "./message-text.js";

/** Options forwarded to `memory.buildContext()` (scope from the block; budget and floor are their own options). */
export type BlockContextOptions = Omit<BuildContextSettings, "tokenBudget" | "minRelevance">;

/** Add options forwarded to `memory.add()` (the scope comes from the block). */
export type BlockAddOptions = AddSettings;

/** Options of `EngramMemoryBlock`. */
export interface EngramMemoryBlockOptions {
  /** The Engram memory to search (and, from `put()`, to write to). */
  memory: EngramMemory;
  /** The user, agent and/or run whose memories this block reads and writes. */
  scope: Scope;
  /** The block id. @default "engram" */
  id?: string;
  /** The block priority; 0 means always included, higher numbers are included first. @default 1 */
  priority?: number;
  /** Receive `put()` when LlamaIndex moves old messages out of short-term memory, and store them. @default true */
  isLongTerm?: boolean;
  /** Role of the memory message. "memory" reaches OpenAI as a user message, so the default is "system". @default "system" */
  role?: MessageType;
  /**
   * The most tokens the memory message may take (o200k_base tokens, fence included); the most relevant memories
   * that fit go in. @default 800
   */
  tokenBudget?: number;
  /**
   * Leave out memories whose relevance (vector and keyword, before recency and type weights) is below this, so
   * unrelated memories do not pad the prompt; 0 turns the floor off. Measured for the default wink embedder:
   * re-measure for another one. @default 0.5
   */
  minRelevance?: number;
  /** More options for `memory.buildContext()`: types, filters, threshold, asOf, candidate limit. */
  contextOptions?: BlockContextOptions;
  /** Options for the `add()` that `put()` makes. @default { infer: true } */
  addOptions?: BlockAddOptions;
  /**
   * Turns the built context into the text of the memory message; called only when a memory was found. Keep
   * `context.text` in it: its fence tells the model the memories are data, not instructions.
   * @default `context.text`, core's fenced block
   */
  format?: (context: BuildContextResult) => string;
}

/** Validates a scope argument: at least one of userId, agentId and runId, each a non-empty string. */
export function checkScope(scope: unknown, argument: string): Scope {
  const picked = pickScope(
    typeof scope === "object" && scope !== null ? (scope as Record<string, unknown>) : undefined,
    argument,
  );
  if (!hasScope(picked)) {
    throw new InvalidArgumentError({
      argument,
      message:
        'pass the scope whose memories to use, e.g. { userId: "alice" } (one memory per user: never share one scope between users).',
    });
  }
  return picked;
}

/**
 * A LlamaIndex memory block backed by Engram: on every `getLLM()` it searches the scope's memories with the
 * latest user message and contributes the best matches as one message. `put()` stores the messages LlamaIndex
 * hands over when short-term memory overflows (about 21k tokens by default); for per-turn storage use
 * `createEngramMemory()`, which writes each turn back as it happens.
 * @example
 * const chatMemory = createMemory({ memoryBlocks: [new EngramMemoryBlock({ memory, scope: { userId: "alice" } })] });
 */
export class EngramMemoryBlock extends BaseMemoryBlock {
  private readonly options: EngramMemoryBlockOptions;
  private readonly scope: Scope;

  constructor(options: EngramMemoryBlockOptions) {
    super({
      id: options.id ?? "engram",
      priority: options.priority ?? 1,
      isLongTerm: options.isLongTerm ?? true,
    });
    if (typeof options.memory?.search !== "function") {
      throw new InvalidArgumentError({
        argument: "options.memory",
        message: "pass an Engram Memory: new EngramMemoryBlock({ memory, scope }).",
      });
    }
    this.options = options;
    this.scope = checkScope(options.scope, "options.scope");
  }

  /** Returns the memories relevant to the latest user message, as one fenced message (none when nothing matches). */
  async get(messages: MemoryMessage[] = []): Promise<MemoryMessage[]> {
    const query = latestUserText(messages);
    if (!query) return [];
    // Core renders the block: fenced, marked as data and escaped, within the token budget.
    const { format } = this.options;
    const context = await this.options.memory.buildContext(queryTail(query), {
      ...this.options.contextOptions,
      tokenBudget: this.options.tokenBudget ?? defaultInjectionOptions.tokenBudget,
      minRelevance: this.options.minRelevance ?? defaultInjectionOptions.minRelevance,
      ...asSelector(this.scope),
    });
    if (context.ids.length === 0) return [];
    const content = format ? format(context) : context.text;
    return [{ id: `${this.id}-memories`, role: this.options.role ?? "system", content }];
  }

  /** Stores what the user and assistant said in the given messages (tool traffic is left out). */
  async put(messages: MemoryMessage[]): Promise<void> {
    const turn = toEngramMessages(messages);
    if (turn.length === 0) return;
    await this.options.memory.add(turn, {
      infer: true,
      ...this.options.addOptions,
      ...asSelector(this.scope),
    });
  }
}
