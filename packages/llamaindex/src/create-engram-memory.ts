import { randomUUID } from "node:crypto";
import {
  type AgentEvent,
  asSelector,
  type BuildContextResult,
  writeBackOptIns,
  type Memory as EngramMemory,
  type MaintenanceTrigger,
  type MaintenanceTriggerOptions,
  type Scope,
  WriteBackQueue,
} from "@engram/core";
import type { ChatMessage, LLM, MessageType } from "@llamaindex/core/llms";
import { type BaseMemoryBlock, Memory } from "@llamaindex/core/memory";
import {
  type BlockAddOptions,
  type BlockContextOptions,
  checkScope,
  EngramMemoryBlock,
} from "./engram-memory-block.js";
import { contentText, isToolCall, isToolResult } from "./message-text.js";
import { ToolCallPairs } from "./tool-events.js";

/** What the error handler learns about a failed write-back. */
export interface WriteBackErrorEvent {
  /** The scope the write-back ran in. */
  scope: Scope;
  /** The messages that could not be stored (empty when a tool call could not be recorded). */
  messages: Array<{ role: "user" | "assistant"; content: string }>;
  /** The tool call that could not be recorded as an episode (with `episodes`). */
  episode?: AgentEvent;
}

/** Options of `createEngramMemory()`. */
export interface CreateEngramMemoryOptions {
  /** The Engram memory to read from and write to. */
  memory: EngramMemory;
  /** The user, agent and/or run this chat memory belongs to: build one per user or session. */
  scope: Scope;
  /** Write each finished turn (the user's messages and the final answer) to Engram as it happens. @default true */
  writeBack?: boolean;
  /** Options for the write-back `add()`. @default { infer: true } */
  addOptions?: BlockAddOptions;
  /**
   * Also record the agent's tool calls, each with its result (`options.toolCall` paired with `options.toolResult`
   * by id), as `episode` memories with source role "tool" (`memory.addEvent()`), never as user text; each call
   * id is recorded once. Independent of `writeBack`. @default false
   */
  episodes?: boolean;
  /**
   * Run `memory.maintain()` in the background after this many writes in the scope (each stored turn and each
   * recorded tool call is one write), e.g. `{ afterWrites: 50, archive: [{ unaccessedFor: "180d" }] }`;
   * `flush()` also waits for it. @default no maintenance
   */
  maintenance?: MaintenanceTriggerOptions;
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
  /** Role of the memory message. @default "system" */
  role?: MessageType;
  /** Priority of the Engram block among `memoryBlocks`. @default 1 */
  priority?: number;
  /**
   * Turns the built context into the text of the memory message; called only when a memory was found. Keep
   * `context.text` in it: its fence tells the model the memories are data, not instructions.
   * @default `context.text`, core's fenced block
   */
  format?: (context: BuildContextResult) => string;
  /** Receives write-back errors (agents do not await `add()`). @default logs a warning with console.warn */
  onError?: (error: unknown, event: WriteBackErrorEvent) => void;
  /** More LlamaIndex memory blocks to use next to the Engram block. */
  memoryBlocks?: BaseMemoryBlock[];
  /** LlamaIndex token limit of the memory. @default 30000 */
  tokenLimit?: number;
  /** Share of the token limit used for short-term messages. @default 0.7 */
  shortTermTokenLimitRatio?: number;
  /** The LLM whose context window sizes the memory. @default Settings.llm */
  llm?: LLM;
  /** Messages to start the short-term memory with (they are not written back). */
  messages?: ChatMessage[];
}

function warn(error: unknown, event: WriteBackErrorEvent): void {
  console.warn(`[engram] [llamaindex] write-back failed for scope ${JSON.stringify(event.scope)}:`, error);
}

/**
 * A LlamaIndex `Memory` that writes each turn to Engram as it happens. `add()` stores the message in
 * short-term memory first (exactly as the base class does) and then queues the write-back: a user's messages
 * are held until the assistant's final answer (not a tool call) arrives, and the pair is stored in the
 * background. Agents call `add()` without awaiting it, so write-back errors go to `onError`, never to the run.
 */
export class EngramChatMemory extends Memory {
  private pendingUserMessages: string[] = [];
  private readonly queue = new WriteBackQueue();
  private readonly engram: CreateEngramMemoryOptions;
  private readonly scope: Scope;
  private readonly toolCalls = new ToolCallPairs();
  private readonly maintenance: MaintenanceTrigger | undefined;

  constructor(options: CreateEngramMemoryOptions, memoryOptions: ConstructorParameters<typeof Memory>[1]) {
    // Initial messages go straight into short-term memory: they are history, not a new turn to write back.
    super(
      (options.messages ?? []).map((message) => ({ id: randomUUID(), createdAt: new Date(), ...message })),
      memoryOptions,
    );
    this.engram = options;
    this.scope = checkScope(options.scope, "options.scope");
    this.maintenance = writeBackOptIns(options.memory, options).maintenance;
  }

  /** Adds a message to short-term memory and, once a turn is complete, queues its write-back to Engram. */
  override add(message: unknown): Promise<void> {
    // super.add() pushes the message synchronously; agents call getLLM() right after an un-awaited add().
    const added = super.add(message);
    if (this.engram.episodes) this.recordToolCall(message);
    if (this.engram.writeBack !== false) this.collect(message);
    return added;
  }

  /** Clears short-term memory and any user messages still waiting for an answer. */
  override async clear(): Promise<void> {
    this.pendingUserMessages = [];
    this.toolCalls.clear();
    await super.clear();
  }

  /** Resolves once every queued write-back, and the maintenance it started, has finished (tests, scripts, shutdown). */
  async flush(): Promise<void> {
    await this.queue.flush();
    await this.maintenance?.idle();
  }

  /**
   * Records a tool call once its result is added. The agent adds each message of a run once, but history passed
   * to `run(…, { chatHistory })` is added again, so calls are tracked by id (with name and input) rather than
   * by position.
   */
  private recordToolCall(message: unknown): void {
    const paired = this.toolCalls.read(message);
    if (!paired) return;
    const { scope } = this;
    const onError = this.engram.onError ?? warn;
    void this.queue.enqueue(
      JSON.stringify(scope),
      async () => {
        await this.engram.memory.addEvent(paired.event, {
          ...asSelector(scope),
          metadata: { toolCallId: paired.id },
        });
        this.maintenance?.recordWrites(asSelector(scope));
      },
      (error) => onError(error, { scope, messages: [], episode: paired.event }),
    );
  }

  private collect(message: unknown): void {
    if (typeof message !== "object" || message === null) return;
    const { role, content, options } = message as ChatMessage;
    const text = contentText(content ?? (message as { parts?: unknown }).parts).trim();
    if (!text) return;
    if (role === "user" && !isToolResult({ options })) {
      this.pendingUserMessages.push(text);
    } else if (role === "assistant" && !isToolCall({ options })) {
      const messages = [
        ...this.pendingUserMessages.map((content) => ({ role: "user" as const, content })),
        { role: "assistant" as const, content: text },
      ];
      this.pendingUserMessages = [];
      this.enqueue(messages);
    }
  }

  private enqueue(messages: WriteBackErrorEvent["messages"]): void {
    const { scope } = this;
    const onError = this.engram.onError ?? warn;
    void this.queue.enqueue(
      JSON.stringify(scope),
      async () => {
        await this.engram.memory.add(messages, {
          infer: true,
          ...this.engram.addOptions,
          ...asSelector(scope),
        });
        this.maintenance?.recordWrites(asSelector(scope));
      },
      (error) => onError(error, { scope, messages }),
    );
  }
}

/**
 * Creates a LlamaIndex `Memory` for one user or session that contributes relevant Engram memories to every
 * LLM call (through an `EngramMemoryBlock`) and writes each finished turn back to Engram as it happens.
 * Pass it to `agent({ memory })`; build one per user, since an agent shares its memory across all runs.
 * @example
 * const memory = createEngramMemory({ memory: engram, scope: { userId: "alice" } });
 * const assistant = agent({ llm, memory });
 * await assistant.run("I'm vegetarian");
 */
export function createEngramMemory(options: CreateEngramMemoryOptions): EngramChatMemory {
  const block = new EngramMemoryBlock({
    memory: options.memory,
    scope: options.scope,
    // Turns are already written back eagerly, so the block must not store them a second time from put().
    isLongTerm: false,
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.role !== undefined ? { role: options.role } : {}),
    ...(options.tokenBudget !== undefined ? { tokenBudget: options.tokenBudget } : {}),
    ...(options.minRelevance !== undefined ? { minRelevance: options.minRelevance } : {}),
    ...(options.contextOptions ? { contextOptions: options.contextOptions } : {}),
    ...(options.format ? { format: options.format } : {}),
  });
  return new EngramChatMemory(options, {
    memoryBlocks: [block, ...(options.memoryBlocks ?? [])],
    ...(options.tokenLimit !== undefined ? { tokenLimit: options.tokenLimit } : {}),
    ...(options.shortTermTokenLimitRatio !== undefined
      ? { shortTermTokenLimitRatio: options.shortTermTokenLimitRatio }
      : {}),
    ...(options.llm ? { llm: options.llm } : {}),
  });
}
