import { InvalidArgumentError, Memory, type MemoryType, type Scope } from "@engram/core";
import { BaseStore, type Operation, type OperationResults } from "@langchain/langgraph-checkpoint";
import { checkScopeMapping, type NamespaceScopeMapping, type ScopeField } from "./namespace.js";
import { getItem, listNamespaces, searchItems } from "./read-operations.js";
import type { StoreContext } from "./store-context.js";
import { type CheckedOperation, checkOperation } from "./validate-operations.js";
import { type PutRequest, putItem } from "./write-operations.js";

/** Options of `new EngramStore()` and `createEngramStore()`. */
export interface EngramStoreOptions {
  /** The Engram memory that holds the items. @default new Memory({ path }) (SQLite and the offline embedder), closed by stop() */
  memory?: Memory;
  /** Folder of the default SQLite store, used only when no `memory` is given. @default process.env.ENGRAM_DIR ?? "./.engram" */
  path?: string;
  /** Which namespace label fills which Engram scope field. @default { userId: 0 } (the first label is the user) */
  namespaceScope?: NamespaceScopeMapping;
  /** Scope fields every item gets, whatever its namespace; fields mapped by namespaceScope are left out. @default { agentId: "langgraph-store" } */
  storeScope?: Scope;
  /** What is embedded for search: index paths into each value ("$" is the whole value). */
  index?: {
    /** Default index paths; a put's own `index` argument overrides them. @default ["$"] */
    fields?: string[];
  };
  /** Engram memory type given to stored items. @default "fact" */
  memoryType?: MemoryType;
  /** Actor recorded in Engram's history for the store's writes. @default "langgraph-store" */
  actor?: string;
}

const defaultStoreScope: Scope = { agentId: "langgraph-store" };

function resolveStoreScope(options: EngramStoreOptions, mapping: NamespaceScopeMapping): Scope {
  const scope: Scope = { ...(options.storeScope ?? defaultStoreScope) };
  for (const field of Object.keys(mapping) as ScopeField[]) {
    if (options.storeScope?.[field] !== undefined) {
      throw new InvalidArgumentError({
        argument: `options.storeScope.${field}`,
        message: `${field} is already taken from namespace label ${mapping[field]} (namespaceScope); remove it from one of the two.`,
      });
    }
    delete scope[field];
  }
  return scope;
}

/**
 * A LangGraph `BaseStore` backed by Engram: items become memories (value kept as JSON, the indexed text
 * embedded), namespaces map to Engram scopes, and search is Engram's hybrid search.
 * @example
 * const store = createEngramStore({ memory: new Memory() });
 * const graph = builder.compile({ store });
 */
export class EngramStore extends BaseStore {
  /** The Engram memory behind the store. */
  readonly memory: Memory;
  private readonly context: StoreContext;
  private readonly ownsMemory: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: EngramStoreOptions = {}) {
    super();
    const mapping = checkScopeMapping(options.namespaceScope ?? { userId: 0 });
    this.ownsMemory = !options.memory;
    this.memory = options.memory ?? new Memory(options.path ? { path: options.path } : {});
    this.context = {
      memory: this.memory,
      mapping,
      storeScope: resolveStoreScope(options, mapping),
      fields: options.index?.fields ?? ["$"],
      memoryType: options.memoryType ?? "fact",
      actor: options.actor ?? "langgraph-store",
    };
  }

  /** Opens an Engram store in a folder (SQLite plus the offline embedder), like PostgresStore.fromConnString. */
  static fromPath(path: string, options: Omit<EngramStoreOptions, "memory" | "path"> = {}): EngramStore {
    return new EngramStore({ ...options, path });
  }

  /** The scope rule in effect: namespace label positions and the fixed store scope. */
  get scopeMapping(): { namespaceScope: NamespaceScopeMapping; storeScope: Scope } {
    return { namespaceScope: { ...this.context.mapping }, storeScope: { ...this.context.storeScope } };
  }

  /** Opens the database and loads the embedder now instead of on first use. */
  async setup(): Promise<void> {
    await this.memory.initialize();
  }

  /** Runs get, search, put (null deletes) and listNamespaces operations; reads see the state before the batch's puts. */
  async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    if (!Array.isArray(operations)) {
      throw new InvalidArgumentError({
        argument: "operations",
        message: "expected an array of store operations.",
      });
    }
    const checked = operations.map((operation, position) => checkOperation(operation, position));
    return this.exclusive(() => this.run(checked)) as Promise<OperationResults<Op>>;
  }

  private async run(operations: CheckedOperation[]): Promise<unknown[]> {
    const results: unknown[] = new Array(operations.length).fill(undefined);
    const puts = new Map<string, PutRequest>();
    for (const [position, operation] of operations.entries()) {
      if (operation.kind === "get")
        results[position] = await getItem(this.context, operation.namespace, operation.key);
      else if (operation.kind === "search")
        results[position] = await searchItems(this.context, operation.request);
      else if (operation.kind === "listNamespaces")
        results[position] = await listNamespaces(this.context, operation.request);
      else {
        // Like LangGraph's stores: the last put of a key in a batch wins.
        const id = JSON.stringify([operation.request.namespace, operation.request.key]);
        puts.delete(id);
        puts.set(id, operation.request);
      }
    }
    for (const request of puts.values()) await putItem(this.context, request);
    return results;
  }

  // Batches run one after another, so a get-then-put of one key never interleaves with another batch.
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Prepares the store (opens the database). */
  override async start(): Promise<void> {
    await this.setup();
  }

  /** Waits for running batches, then closes the Memory if the store created it. */
  override async stop(): Promise<void> {
    await this.tail;
    if (this.ownsMemory) await this.memory.close();
  }
}

/**
 * Creates an Engram-backed LangGraph store.
 * @example
 * const store = createEngramStore({ memory: new Memory(), index: { fields: ["text"] } });
 * const app = graph.compile({ store });
 */
export function createEngramStore(options: EngramStoreOptions = {}): EngramStore {
  return new EngramStore(options);
}
