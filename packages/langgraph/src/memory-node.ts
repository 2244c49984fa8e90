import {
  asSelector,
  writeBackOptIns,
  InvalidArgumentError,
  type MaintenanceTriggerOptions,
  type Memory,
  type ScopeSelector,
} from "@engram/core";
import { lastTurn, type ToolCallEvent, toChatMessages, toolCallEvents } from "@engram/langchain/messages";
import type { BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { EngramStore } from "./engram-store.js";
import { itemMetadata } from "./item-codec.js";
import { scopeOf, validateNamespace } from "./namespace.js";

/** The graph config a node receives, with LangGraph's runtime context. */
export type NodeConfig = RunnableConfig & { context?: Record<string, unknown> };

/** Options of `createMemoryNode()`. */
export interface MemoryNodeOptions {
  /** The Engram store the graph uses; extracted memories are tagged with a namespace and appear in its search. */
  store: EngramStore;
  /** The namespace new memories go to. @default [userId, "memories"], userId read from context or configurable */
  namespace?: (state: Record<string, unknown>, config: NodeConfig) => string[];
  /** The state key holding the conversation. @default "messages" */
  messagesKey?: string;
  /** Which messages to extract from. @default the last turn: from the last human message to the end */
  select?: (messages: BaseMessage[]) => BaseMessage[];
  /** Return at once and extract in the background (see `flush()`). @default false: the node waits */
  background?: boolean;
  /** Receives errors of background extraction. @default logs them with console.error */
  onError?: (error: unknown) => void;
  /** Actor recorded in Engram's history. @default "langgraph-memory-node" */
  actor?: string;
  /**
   * Also record the tool calls in the selected messages (`AIMessage.tool_calls` paired with their `ToolMessage`
   * by id) as `episode` memories with source role "tool" (`memory.addEvent()`), never as user text; each call
   * is recorded once per node (tracked by id). @default false
   */
  episodes?: boolean;
  /**
   * Run `memory.maintain()` in the background after this many writes per scope (each extraction and each
   * recorded tool call is one write), e.g. `{ afterWrites: 50, archive: [{ unaccessedFor: "180d" }] }`;
   * `flush()` also waits for it. @default no maintenance
   */
  maintenance?: MaintenanceTriggerOptions;
}

/** A graph node that runs Engram's extraction over the conversation, plus `flush()` for background writes. */
export type MemoryNode = ((
  state: Record<string, unknown>,
  config?: NodeConfig,
) => Promise<Record<string, never>>) & {
  /** Waits for every background extraction started so far, and the maintenance it started. */
  flush(): Promise<void>;
};

function defaultNamespace(_state: Record<string, unknown>, config: NodeConfig): string[] {
  const userId = config.context?.userId ?? config.configurable?.userId;
  if (typeof userId !== "string" || !userId) {
    throw new InvalidArgumentError({
      argument: "config.context.userId",
      message:
        'the memory node needs a user: invoke the graph with { context: { userId: "alice" } } (or configurable.userId), or pass a namespace function to createMemoryNode().',
    });
  }
  return [userId, "memories"];
}

function readMessages(state: Record<string, unknown>, key: string): BaseMessage[] {
  const messages = state[key];
  if (!Array.isArray(messages)) {
    throw new InvalidArgumentError({
      argument: `state.${key}`,
      message: `expected the conversation as an array of messages under state.${key}; set messagesKey to the right state key.`,
    });
  }
  return messages as BaseMessage[];
}

/**
 * Creates a graph node that writes long-term memories: it sends the turn's messages to Engram's extraction
 * (`memory.add(messages, { infer: true })`) in the namespace's scope.
 * @example
 * const remember = createMemoryNode({ store });
 * builder.addNode("remember", remember).addEdge("agent", "remember");
 */
export function createMemoryNode(options: MemoryNodeOptions): MemoryNode {
  const { store } = options;
  const memory: Memory = store.memory;
  const { maintenance } = writeBackOptIns(memory, options);
  const recorded = new RecentIds();
  const pending = new Set<Promise<void>>();
  const onError =
    options.onError ??
    ((error: unknown) => console.error("[engram] [langgraph] memory extraction failed:", error));
  const actor = options.actor ?? "langgraph-memory-node";

  const write = async (
    scope: ScopeSelector,
    namespace: string[],
    messages: ReturnType<typeof toChatMessages>,
    events: ToolCallEvent[],
  ) => {
    const scopeKey = JSON.stringify(scope);
    for (const { id, event } of events) {
      await memory.addEvent(event, {
        ...scope,
        metadata: { ...itemMetadata(namespace), toolCallId: id },
        actor,
      });
      recorded.add(scopeKey, { id, event });
      maintenance?.recordWrites(scope);
    }
    if (messages.length === 0) return;
    await memory.add(messages, { ...scope, infer: true, metadata: itemMetadata(namespace), actor });
    maintenance?.recordWrites(scope);
  };

  const node = async (
    state: Record<string, unknown>,
    config: NodeConfig = {},
  ): Promise<Record<string, never>> => {
    const namespace = validateNamespace((options.namespace ?? defaultNamespace)(state, config), "namespace");
    const { namespaceScope, storeScope } = store.scopeMapping;
    const scope = asSelector(scopeOf(namespace, namespaceScope, storeScope));
    const selected = (options.select ?? lastTurn)(readMessages(state, options.messagesKey ?? "messages"));
    const messages = toChatMessages(selected);
    // A graph may run this node more than once per turn (after every agent step, or on a retry) and `select`
    // may reach into earlier turns, so calls are tracked by id (with name and input, as some servers reuse ids
    // such as "call_0" across turns) rather than by where they sit in the state.
    const events = options.episodes
      ? toolCallEvents(selected).filter((call) => !recorded.has(JSON.stringify(scope), call))
      : [];
    if (messages.length === 0 && events.length === 0) return {};
    const written = write(scope, namespace, messages, events);
    if (!options.background) {
      await written;
      return {};
    }
    const tracked = written.catch(onError);
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
    return {};
  };
  return Object.assign(node, {
    flush: async () => {
      while (pending.size) await Promise.all([...pending]);
      await maintenance?.idle();
    },
  });
}

/** The tool calls recorded lately, per scope, by id, name and input; the oldest are forgotten past `capacity`. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  private static key(scopeKey: string, { id, event }: ToolCallEvent): string {
    return JSON.stringify([scopeKey, id, event.name, event.input ?? null]);
  }

  has(scopeKey: string, call: ToolCallEvent): boolean {
    return this.ids.has(RecentIds.key(scopeKey, call));
  }

  add(scopeKey: string, call: ToolCallEvent): void {
    this.ids.add(RecentIds.key(scopeKey, call));
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }
}
