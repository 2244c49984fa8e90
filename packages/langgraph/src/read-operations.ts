import type { MemoryFilter, MemoryItem, ScopeSelector } from "@engram/core";
import type { Item, MatchCondition, SearchItem } from "@langchain/langgraph-checkpoint";
import {
  allOf,
  indexedFilter,
  keyFilter,
  memoryToItem,
  prefixFilter,
  readItemMetadata,
  translateFilter,
} from "./item-codec.js";
import { compareNamespaces, hasPrefix, namespacePath } from "./namespace.js";
import { type StoreContext, scopeFor } from "./store-context.js";

const pageSize = 500;
/** Engram returns at most this many search results per query. */
const maxSearchResults = 1000;

/** Lists up to `count` memories of a scope matching a filter, newest first (all of them when count is Infinity). */
export async function listMemories(
  context: StoreContext,
  scope: ScopeSelector,
  filter: MemoryFilter,
  count: number,
): Promise<MemoryItem[]> {
  const memories: MemoryItem[] = [];
  let cursor: string | undefined;
  while (memories.length < count) {
    const page = await context.memory.getAll({
      ...scope,
      filters: filter,
      limit: Math.min(pageSize, count - memories.length),
      ...(cursor ? { cursor } : {}),
    });
    memories.push(...page.results);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return memories;
}

/** Every memory holding this namespace and key (normally one), newest first. */
export async function findItemMemories(
  context: StoreContext,
  namespace: string[],
  key: string,
): Promise<MemoryItem[]> {
  const scope = scopeFor(context, namespace, "namespace");
  return listMemories(context, scope, keyFilter(namespace, key), 10);
}

/** A get operation: the item, or null. */
export async function getItem(context: StoreContext, namespace: string[], key: string): Promise<Item | null> {
  const [memory] = await findItemMemories(context, namespace, key);
  return (memory && memoryToItem(memory)) ?? null;
}

/** The parameters of a search operation, already validated. */
export interface SearchRequest {
  /** Namespace prefix, matched label by label. */
  prefix: string[];
  /** LangGraph filter on value fields. */
  filter?: Record<string, unknown>;
  /** Page size. */
  limit: number;
  /** Items to skip. */
  offset: number;
  /** Natural-language query; without it items come newest first. */
  query?: string;
}

/** A search operation: semantic (hybrid) with a query, otherwise newest first. */
export async function searchItems(context: StoreContext, request: SearchRequest): Promise<SearchItem[]> {
  const wanted = request.offset + request.limit;
  if (request.limit === 0) return [];
  const scope = scopeFor(context, request.prefix, "namespacePrefix");
  const filter = allOf(
    prefixFilter(request.prefix),
    request.filter ? translateFilter(request.filter) : undefined,
  );
  const items: SearchItem[] = [];
  if (request.query) {
    const { results } = await context.memory.search(request.query, {
      ...scope,
      filters: allOf(filter, indexedFilter(true)),
      limit: Math.min(wanted, maxSearchResults),
    });
    for (const result of results) pushItem(items, memoryToItem(result, result.score));
    // Like InMemoryStore, values stored without an index still show up after the scored ones, unscored.
    if (items.length < wanted) {
      const unindexed = await listMemories(
        context,
        scope,
        allOf(filter, indexedFilter(false)),
        wanted - items.length,
      );
      for (const memory of unindexed) pushItem(items, memoryToItem(memory));
    }
  } else {
    for (const memory of await listMemories(context, scope, filter, wanted))
      pushItem(items, memoryToItem(memory));
  }
  return items.slice(request.offset, wanted);
}

function pushItem(items: SearchItem[], item: SearchItem | undefined): void {
  if (item) items.push(item);
}

/** The parameters of a list-namespaces operation, already validated. */
export interface ListNamespacesRequest {
  /** Prefix and suffix conditions; "*" matches any one label. */
  conditions: MatchCondition[];
  /** Truncate namespaces to this many labels. */
  maxDepth?: number;
  /** Page size. */
  limit: number;
  /** Namespaces to skip. */
  offset: number;
}

function matches(namespace: readonly string[], condition: MatchCondition): boolean {
  const { path } = condition;
  if (path.length > namespace.length) return false;
  const start = condition.matchType === "prefix" ? 0 : namespace.length - path.length;
  return path.every((label, index) => label === "*" || namespace[start + index] === label);
}

/** A list-namespaces operation: distinct namespaces, sorted label by label. */
export async function listNamespaces(
  context: StoreContext,
  request: ListNamespacesRequest,
): Promise<string[][]> {
  const prefixPath = request.conditions.find((condition) => condition.matchType === "prefix")?.path ?? [];
  const wildcard = prefixPath.indexOf("*");
  const leading = (wildcard === -1 ? prefixPath : prefixPath.slice(0, wildcard)) as string[];
  const scope = scopeFor(context, leading, "matchConditions");
  const found = new Map<string, string[]>();
  for (const memory of await listMemories(context, scope, prefixFilter(leading), Number.POSITIVE_INFINITY)) {
    const namespace = readItemMetadata(memory)?.namespace;
    if (!namespace || !hasPrefix(namespace, leading)) continue;
    if (!request.conditions.every((condition) => matches(namespace, condition))) continue;
    const kept = request.maxDepth === undefined ? namespace : namespace.slice(0, request.maxDepth);
    found.set(namespacePath(kept), kept);
  }
  const sorted = [...found.values()].sort(compareNamespaces);
  return sorted.slice(request.offset, request.offset + request.limit);
}
