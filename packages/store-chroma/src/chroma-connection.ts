import { setTimeout as sleep } from "node:timers/promises";
import { StoreError } from "@engram/core";
import { ChromaClient, type Collection } from "chromadb";
import type { ResolvedChromaStoreOptions } from "./chroma-store-options.js";
import { ChromaTimeoutError, isNotFound, isRetryable, storeName, toStoreError } from "./to-store-error.js";

/** The two collections of a store: memories (with their vectors) and state (history, settings, journal). */
export type CollectionRole = "memories" | "state";

/** A Chroma client plus the store's collections, with retries, timeouts and clear errors around every call. */
export class ChromaConnection {
  /** The Chroma client in use. */
  readonly client: ChromaClient;
  /** Collection names by role. */
  readonly names: Record<CollectionRole, string>;
  private readonly handles = new Map<CollectionRole, Promise<Collection>>();
  private readonly server: string;
  private closed = false;

  constructor(private readonly options: ResolvedChromaStoreOptions) {
    const { connection } = options;
    this.client = options.client ?? new ChromaClient(connection);
    this.server = options.client
      ? ""
      : `at ${connection.ssl ? "https" : "http"}://${connection.host}:${connection.port}`;
    this.names = { memories: `${options.prefix}-memories`, state: `${options.prefix}-state` };
  }

  /** Refuses further calls. */
  close(): void {
    this.closed = true;
  }

  private open(role: CollectionRole): Promise<Collection> {
    let handle = this.handles.get(role);
    if (!handle) {
      handle = this.client
        .getOrCreateCollection({
          name: this.names[role],
          embeddingFunction: null,
          configuration: { hnsw: { space: "cosine" } },
        })
        .then((collection) => this.checkSpace(collection));
      // A failed open must not stick: the next call tries again.
      const opened = handle;
      opened.catch(() => {
        if (this.handles.get(role) === opened) this.handles.delete(role);
      });
      this.handles.set(role, opened);
    }
    return handle;
  }

  private checkSpace(collection: Collection): Collection {
    const configuration = collection.configuration as
      | { hnsw?: { space?: string } | null; spann?: { space?: string } | null }
      | undefined;
    const space = configuration?.hnsw?.space ?? configuration?.spann?.space;
    if (space && space !== "cosine") {
      throw new StoreError({
        store: storeName,
        message: `The collection "${collection.name}" uses the "${space}" distance, but Engram needs "cosine". Use another collectionPrefix, or delete that collection.`,
      });
    }
    return collection;
  }

  private async attempt<T>(action: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ChromaTimeoutError(this.options.requestTimeoutMs)),
        this.options.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([action(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private delay(attempt: number): number {
    const base = Math.min(this.options.retryDelayMs * 2 ** (attempt - 1), this.options.maxRetryDelayMs);
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  /** Runs `action` with retries and backoff; failures become a StoreError that says what to do. */
  async run<T>(what: string, action: () => Promise<T>): Promise<T> {
    if (this.closed) {
      throw new StoreError({
        store: storeName,
        message: "The store is closed. Create a new store (or Memory) to continue.",
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(action);
      } catch (error) {
        if (!isRetryable(error) || attempt > this.options.retries)
          throw toStoreError(what, error, this.server, attempt);
        await sleep(this.delay(attempt));
      }
    }
  }

  /**
   * Runs `action` on a collection with retries. When the collection was deleted meanwhile (another process
   * reset the store), it is opened (recreated) again once.
   */
  async on<T>(
    role: CollectionRole,
    what: string,
    action: (collection: Collection) => Promise<T>,
  ): Promise<T> {
    for (let reopened = false; ; reopened = true) {
      try {
        return await this.run(what, async () => action(await this.open(role)));
      } catch (error) {
        if (reopened || !isNotFound((error as { cause?: unknown }).cause)) throw error;
        this.handles.delete(role);
      }
    }
  }

  /** Deletes both collections (missing ones are fine); they are recreated on next use. */
  async drop(): Promise<void> {
    for (const role of ["memories", "state"] as const) {
      this.handles.delete(role);
      await this.run("delete the collections", async () => {
        try {
          await this.client.deleteCollection({ name: this.names[role] });
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      });
      this.handles.delete(role);
    }
  }
}
