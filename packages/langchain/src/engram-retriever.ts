import {
  asSelector,
  defaultInjectionOptions,
  requireScope,
  type Memory,
  type MemoryFilter,
  type MemoryType,
  type RelevanceFloorOptions,
  type ScoredMemoryItem,
  type Scope,
  type SearchOptions,
} from "@engram/core";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";

/** Options of `new EngramRetriever()`. */
export interface EngramRetrieverInput extends BaseRetrieverInput, Scope {
  /** The Engram memory to search. */
  memory: Memory;
  /** How many memories to return. @default 4 */
  limit?: number;
  /** Drop memories scoring below this. @default 0 */
  threshold?: number;
  /**
   * Leave out memories whose relevance (vector and keyword, before recency and type weights) is below this; 0
   * turns the floor off. Measured for the default wink embedder: re-measure for another one. @default 0.5
   */
  minRelevance?: number;
  /** Only memories matching this filter. */
  filters?: MemoryFilter;
  /** Only memories of these types. */
  types?: MemoryType[];
}

/** Turns a found memory into a Document: the text as pageContent; id, type, score, scope and metadata as metadata. */
export function memoryToDocument(item: ScoredMemoryItem): Document {
  const metadata: Record<string, unknown> = {
    ...item.metadata,
    id: item.id,
    type: item.type,
    score: item.score,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
  if (item.userId) metadata.userId = item.userId;
  if (item.agentId) metadata.agentId = item.agentId;
  if (item.runId) metadata.runId = item.runId;
  return new Document({ pageContent: item.memory, metadata, id: item.id });
}

/**
 * A LangChain retriever over one scope of Engram memory, for classic chains and RAG pipelines.
 * @example
 * const retriever = new EngramRetriever({ memory, userId: "alice", limit: 5 });
 * const documents = await retriever.invoke("what does alice eat?");
 */
export class EngramRetriever extends BaseRetriever {
  /** LangChain's serialisation namespace. */
  lc_namespace = ["engram", "retrievers"];
  private readonly memory: Memory;
  private readonly scope: Scope;
  private readonly limit: number;
  private readonly threshold: number | undefined;
  private readonly minRelevance: number;
  private readonly filters: MemoryFilter | undefined;
  private readonly types: MemoryType[] | undefined;

  /** LangChain's class name for serialisation. */
  static override lc_name(): string {
    return "EngramRetriever";
  }

  constructor(fields: EngramRetrieverInput) {
    super(fields);
    this.memory = fields.memory;
    this.scope = {};
    if (fields.userId) this.scope.userId = fields.userId;
    if (fields.agentId) this.scope.agentId = fields.agentId;
    if (fields.runId) this.scope.runId = fields.runId;
    this.limit = fields.limit ?? 4;
    this.threshold = fields.threshold;
    this.minRelevance = fields.minRelevance ?? defaultInjectionOptions.minRelevance;
    this.filters = fields.filters;
    this.types = fields.types;
  }

  /** Searches the scope and returns the memories as Documents, best first. */
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const options: SearchOptions & RelevanceFloorOptions = {
      ...asSelector(requireScope(this.scope, "EngramRetriever", "fields")),
      limit: this.limit,
      minRelevance: this.minRelevance,
      ...(this.threshold !== undefined ? { threshold: this.threshold } : {}),
      ...(this.filters ? { filters: this.filters } : {}),
      ...(this.types ? { types: this.types } : {}),
    };
    const { results } = await this.memory.search(query, options);
    return results.map(memoryToDocument);
  }
}
