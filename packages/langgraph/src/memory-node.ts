import { InvalidArgumentError, type Memory, asSelector } from "@engram/core";
import { lastTurn, toChatMessages } from "@engram/langchain/messages";
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
}

/** A graph node that runs Engram's extraction over the conversation, plus `flush()` for background writes. */
export type MemoryNode = ((
  state: Record<string, unknown>,
  config?: NodeConfig,
) => Promise<Record<string, never>>) & {
  /** Waits for every background extraction started so far. */
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
  const pending = new Set<Promise<void>>();
  const onError =
    options.onError ??
    ((error: unknown) => console.error("[engram] [langgraph] memory extraction failed:", error));
  const node = async (
    state: Record<string, unknown>,
    config: NodeConfig = {},
  ): Promise<Record<string, never>> => {
    const namespace = validateNamespace((options.namespace ?? defaultNamespace)(state, config), "namespace");
    const { namespaceScope, storeScope } = store.scopeMapping;
    const scope = asSelector(scopeOf(namespace, namespaceScope, storeScope));
    const messages = toChatMessages(
      (options.select ?? lastTurn)(readMessages(state, options.messagesKey ?? "messages")),
    );
    if (messages.length === 0) return {};
    const write = memory
      .add(messages, {
        ...scope,
        infer: true,
        metadata: itemMetadata(namespace),
        actor: options.actor ?? "langgraph-memory-node",
      })
      .then(() => undefined);
    if (!options.background) {
      await write;
      return {};
    }
    const tracked = write.catch(onError);
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
    return {};
  };
  return Object.assign(node, {
    flush: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
  });
}
