import {
  type AddOptions,
  type Memory as EngramMemory,
  InvalidArgumentError,
  type Scope,
  type ScoredMemoryItem,
  type SearchOptions,
  asSelector,
  hasScope,
  pickScope,
} from "@engram/core";
import type { MessageType } from "@llamaindex/core/llms";
import { BaseMemoryBlock, type MemoryMessage } from "@llamaindex/core/memory";
import { formatMemories as defaultFormatMemories } from "./format-memories.js";
import { latestUserText, toEngramMessages } from "./message-text.js";

/** Search options forwarded to `memory.search()` (the scope comes from the block). */
export type BlockSearchOptions = Omit<SearchOptions, "userId" | "agentId" | "runId">;

/** Add options forwarded to `memory.add()` (the scope comes from the block). */
export type BlockAddOptions = Omit<AddOptions, "userId" | "agentId" | "runId">;

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
  /** Options for the memory search. @default { limit: 5 } */
  searchOptions?: BlockSearchOptions;
  /** Options for the `add()` that `put()` makes. @default { infer: true } */
  addOptions?: BlockAddOptions;
  /** Turns retrieved memories into the text of the memory message. */
  formatMemories?: (memories: ScoredMemoryItem[]) => string;
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

  /** Returns the memories relevant to the latest user message, as one message (none when nothing matches). */
  async get(messages: MemoryMessage[] = []): Promise<MemoryMessage[]> {
    const query = latestUserText(messages);
    if (!query) return [];
    const { results } = await this.options.memory.search(query, {
      limit: 5,
      ...this.options.searchOptions,
      ...asSelector(this.scope),
    });
    if (results.length === 0) return [];
    const content = (this.options.formatMemories ?? defaultFormatMemories)(results);
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
