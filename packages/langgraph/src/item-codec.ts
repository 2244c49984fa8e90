import {
  InvalidArgumentError,
  type JsonValue,
  type MemoryFilter,
  type MemoryItem,
  type Metadata,
} from "@engram/core";
import type { Item } from "@langchain/langgraph-checkpoint";
import { namespacePath, namespacePrefixes } from "./namespace.js";

/** The metadata key under which a memory records its LangGraph namespace, key and value. */
export const metadataKey = "langgraph";

/** What a memory stores about the LangGraph item it represents (under `metadata.langgraph`). */
export interface ItemMetadata {
  /** The exact namespace, so it round-trips. */
  namespace: string[];
  /** The namespace joined with "." (labels cannot contain "."), for exact-namespace filters. */
  path: string;
  /** Every leading part of the namespace as a path, for label-by-label prefix filters. */
  prefixes: string[];
  /** The item key; absent for memories written by extraction (their key is the memory id). */
  key?: string;
  /** The item value; absent for memories written by extraction. */
  value?: Record<string, JsonValue>;
  /** false when the value was stored without embedding (`index: false`, or no text at the index paths). */
  indexed?: false;
}

/** Copies a value as plain JSON, refusing anything that is not a JSON object. */
export function checkValue(value: unknown, argument: string): Record<string, JsonValue> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a JSON object (or null to delete), got ${JSON.stringify(value)}.`,
    });
  }
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, JsonValue>;
  } catch (cause) {
    throw new InvalidArgumentError({ argument, message: "the value must be JSON-serialisable.", cause });
  }
}

/** The metadata tagging memories with a namespace (and, for stored items, a key and value). */
export function itemMetadata(
  namespace: string[],
  item?: { key: string; value: Record<string, JsonValue>; indexed: boolean },
): Metadata {
  const stored: ItemMetadata = {
    namespace: [...namespace],
    path: namespacePath(namespace),
    prefixes: namespacePrefixes(namespace),
  };
  if (item) {
    stored.key = item.key;
    stored.value = item.value;
    if (!item.indexed) stored.indexed = false;
  }
  return { [metadataKey]: stored as unknown as JsonValue };
}

/** Reads a memory's LangGraph metadata; undefined for memories that belong to no namespace. */
export function readItemMetadata(memory: MemoryItem): ItemMetadata | undefined {
  const stored = memory.metadata[metadataKey];
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return undefined;
  const candidate = stored as unknown as ItemMetadata;
  return Array.isArray(candidate.namespace) && typeof candidate.path === "string" ? candidate : undefined;
}

/** Turns a memory into a LangGraph item; memories written by extraction become `{ content, type }` items. */
export function memoryToItem(memory: MemoryItem, score?: number): (Item & { score?: number }) | undefined {
  const stored = readItemMetadata(memory);
  if (!stored) return undefined;
  const item: Item & { score?: number } = {
    namespace: [...stored.namespace],
    key: stored.key ?? memory.id,
    value: stored.value ? structuredClone(stored.value) : { content: memory.memory, type: memory.type },
    createdAt: new Date(memory.createdAt),
    updatedAt: new Date(memory.updatedAt),
  };
  if (score !== undefined) item.score = score;
  return item;
}

const field = (name: string) => `${metadataKey}.${name}`;

/** Memories under the namespace prefix, matched label by label; the empty prefix matches every namespace. */
export function prefixFilter(prefix: readonly string[]): MemoryFilter {
  return prefix.length === 0
    ? { [field("path")]: { $exists: true } }
    : { [field("prefixes")]: { $contains: namespacePath(prefix) } };
}

/** The memory holding `key` in exactly this namespace (a stored key, or the id of an extracted memory). */
export function keyFilter(namespace: readonly string[], key: string): MemoryFilter {
  return {
    [field("path")]: namespacePath(namespace),
    $or: [{ [field("key")]: key }, { $and: [{ [field("key")]: { $exists: false } }, { id: key }] }],
  };
}

/** Only memories that were embedded (or only those that were not). */
export function indexedFilter(indexed: boolean): MemoryFilter {
  return indexed ? { [field("indexed")]: { $ne: false } } : { [field("indexed")]: false };
}

/**
 * Translates a LangGraph filter on value fields into an Engram filter on `metadata.langgraph.value`:
 * `{ color: "red", size: { $gt: 2 } }` keeps its operators; `$and`, `$or` and `$not` nest.
 */
export function translateFilter(filter: unknown, argument = "filter"): MemoryFilter {
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new InvalidArgumentError({
      argument,
      message: 'expected an object such as { color: "red" } or { size: { $gt: 2 } }.',
    });
  }
  const translated: MemoryFilter = {};
  for (const [name, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (name === "$and" || name === "$or") {
      if (!Array.isArray(condition)) {
        throw new InvalidArgumentError({
          argument: `${argument}.${name}`,
          message: "expected an array of filters.",
        });
      }
      translated[name] = condition.map((sub, index) => translateFilter(sub, `${argument}.${name}[${index}]`));
    } else if (name === "$not") {
      translated.$not = translateFilter(condition, `${argument}.$not`);
    } else if (name.startsWith("$")) {
      throw new InvalidArgumentError({
        argument: `${argument}.${name}`,
        message: "unknown logical operator; use $and, $or or $not.",
      });
    } else {
      translated[field(`value.${name}`)] = condition as JsonValue;
    }
  }
  return translated;
}

/** Combines filters with $and, skipping absent ones. */
export function allOf(...filters: Array<MemoryFilter | undefined>): MemoryFilter {
  const present = filters.filter((filter): filter is MemoryFilter => filter !== undefined);
  return present.length === 1 ? present[0]! : { $and: present };
}
