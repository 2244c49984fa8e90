import {
  type BuildContextResult,
  writeBackOptIns,
  type MaintenanceTriggerOptions,
  type Memory,
  type MemoryFilter,
  type MemoryType,
} from "@engram/core";
import { type BaseMessage, SystemMessage } from "@langchain/core/messages";
import type { InferInteropZodOutput, InteropZodObject } from "@langchain/core/utils/types";
import { type AgentMiddleware, createMiddleware } from "langchain";
import { z } from "zod";
import { createMemoryTools, type MemoryToolName } from "./memory-tools.js";
import {
  defaultScope,
  resolveTurnScope,
  type ScopeResolver,
  type ScopeRuntime,
  type TurnScope,
} from "./resolve-scope.js";
import { type MemoryErrorPhase, TurnMemory } from "./turn-memory.js";

/** The context keys the default scope reads; hooks only see the keys their middleware's schema names. */
const defaultContextSchema = z.object({
  userId: z.string().optional(),
  agentId: z.string().optional(),
  runId: z.string().optional(),
});

/** The default context schema: optional string userId, agentId and runId. */
export type DefaultContextSchema = typeof defaultContextSchema;

/** Options of `createEngramMiddleware()`. */
export interface EngramMiddlewareOptions<TContextSchema extends InteropZodObject = DefaultContextSchema> {
  /** The Engram memory to search and write. */
  memory: Memory;
  /** Reads the scope from the agent runtime. @default userId/agentId/runId from `context`, runId falling back to `configurable.thread_id` */
  scope?: ScopeResolver;
  /**
   * The context fields the middleware may read: LangChain hands a middleware's hooks only the context keys its
   * schema names, so a custom `scope` reading other keys needs a schema naming them.
   * @default z.object({ userId, agentId, runId }), all optional strings
   */
  contextSchema?: TContextSchema;
  /** Search the user's memories from every run (thread), not only the current one. @default true */
  searchAcrossRuns?: boolean;
  /**
   * Write new memories into the thread's run scope instead of the user (and agent) level. Off by default: a fact
   * told in one thread is then current in every thread, and the thread is kept as the memory's source. @default false
   */
  scopeWritesToRun?: boolean;
  /**
   * The most tokens the memory block may take (o200k_base tokens, fence included); the most relevant memories
   * that fit go in. @default 800
   */
  tokenBudget?: number;
  /**
   * Leave out memories whose relevance (vector and keyword, before recency and type weights) is below this, so
   * unrelated memories do not pad the prompt; 0 turns the floor off. Measured for the default wink embedder:
   * re-measure for another one. @default 0.5
   */
  minRelevance?: number;
  /** Drop memories scoring below this. @default 0 */
  threshold?: number;
  /** Only memories matching this filter are injected. */
  filters?: MemoryFilter;
  /** Only memories of these types are injected. */
  types?: MemoryType[];
  /**
   * Turns the built context into the text appended to the system prompt ("" adds nothing); called only when a
   * memory was found. Keep `context.text` in it: its fence tells the model the memories are data, not
   * instructions. @default `context.text`, core's fenced block
   */
  format?: (context: BuildContextResult) => string;
  /** Builds the search query from the turn's messages. @default the text of the last human message */
  query?: (messages: BaseMessage[]) => string;
  /** Write the turn back after the agent answers (Engram extraction with `infer: true`). @default true */
  writeBack?: boolean;
  /** Wait for the write-back before the agent returns. @default false: it runs in the background (see `flush()`) */
  awaitWriteBack?: boolean;
  /**
   * Also record the tool calls the agent made in the turn, each with its result, as `episode` memories (source
   * role "tool", via `memory.addEvent()`), never as user text. Calls of the middleware's own memory tools are
   * not recorded. Independent of `writeBack`. @default false
   */
  episodes?: boolean;
  /**
   * Run `memory.maintain()` in the background after this many writes per write scope (each stored turn and
   * each recorded tool call is one write), e.g. `{ afterWrites: 50, archive: [{ unaccessedFor: "180d" }] }`;
   * `flush()` also waits for it. @default no maintenance
   */
  maintenance?: MaintenanceTriggerOptions;
  /** Register memory tools for the model: true for all four, or a list. @default false */
  tools?: boolean | MemoryToolName[];
  /** Receives search and write-back errors; the agent keeps answering without memory. @default console.error */
  onError?: (error: unknown, phase: MemoryErrorPhase) => void;
}

/** The Engram agent middleware, plus `flush()` to wait for background write-backs. */
export type EngramMiddleware<TContextSchema extends InteropZodObject = DefaultContextSchema> =
  AgentMiddleware<undefined, TContextSchema, InferInteropZodOutput<TContextSchema>> & {
    /** Waits until every background write-back started so far, and the maintenance it started, has finished. */
    flush(): Promise<void>;
  };

function withMemories(systemMessage: SystemMessage, block: string): SystemMessage {
  const { content } = systemMessage;
  const blocks =
    typeof content === "string" ? (content ? [{ type: "text" as const, text: content }] : []) : [...content];
  return new SystemMessage({ content: [...blocks, { type: "text", text: block }] });
}

/**
 * Creates an agent middleware that gives a `createAgent` agent long-term memory: it searches Engram once per
 * turn (in beforeAgent), appends what it found to the system prompt of every model call of that turn without
 * saving it in the thread, and writes the turn back afterwards; optionally it adds memory tools.
 * @example
 * const memory = createEngramMiddleware({ memory: new Memory() });
 * const agent = createAgent({ model, middleware: [memory] });
 * await agent.invoke({ messages: [new HumanMessage("I'm vegetarian")] }, { context: { userId: "alice" } });
 */
export function createEngramMiddleware<TContextSchema extends InteropZodObject = DefaultContextSchema>(
  options: EngramMiddlewareOptions<TContextSchema>,
): EngramMiddleware<TContextSchema> {
  const { memory } = options;
  const { maintenance } = writeBackOptIns(memory, options);
  const scopeOf = (runtime: ScopeRuntime): TurnScope =>
    resolveTurnScope(
      options.scope ?? defaultScope,
      runtime,
      options.searchAcrossRuns ?? true,
      options.scopeWritesToRun ?? false,
    );

  const tools =
    options.tools === true || Array.isArray(options.tools)
      ? createMemoryTools({
          memory,
          ...(options.scope ? { scope: options.scope } : {}),
          ...(Array.isArray(options.tools) ? { include: options.tools } : {}),
          ...(options.searchAcrossRuns !== undefined ? { searchAcrossRuns: options.searchAcrossRuns } : {}),
        })
      : [];
  const turns = new TurnMemory({
    ...options,
    unrecordedTools: new Set(tools.map((registered) => registered.name)),
    ...(maintenance ? { maintenanceTrigger: maintenance } : {}),
  });

  const middleware = createMiddleware({
    name: "EngramMemory",
    contextSchema: (options.contextSchema ?? defaultContextSchema) as TContextSchema,
    tools,
    beforeAgent: async (state, runtime) => {
      // The one search of the turn; wrapModelCall reuses it on every model step.
      void turns.search(scopeOf(runtime), state.messages);
      return undefined;
    },
    wrapModelCall: async (request, handler) => {
      const block = await turns.search(scopeOf(request.runtime), request.messages);
      if (!block) return handler(request);
      return handler({ ...request, systemMessage: withMemories(request.systemMessage, block) });
    },
    afterAgent: async (state, runtime) => {
      const scope = scopeOf(runtime);
      turns.forget(scope, state.messages);
      if (options.writeBack !== false || options.episodes)
        await turns.writeBack(
          scope,
          state.messages,
          options.awaitWriteBack === true,
          options.writeBack !== false,
        );
      return undefined;
    },
  });
  // createMiddleware types the context through an internal helper; it is the schema's output type.
  return Object.assign(middleware, {
    flush: () => turns.flush(),
  }) as unknown as EngramMiddleware<TContextSchema>;
}
