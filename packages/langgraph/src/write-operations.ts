import type { JsonValue, Metadata, ScopeSelector } from "@engram/core";
import { itemMetadata } from "./item-codec.js";
import { indexText } from "./index-paths.js";
import { findItemMemories } from "./read-operations.js";
import { type StoreContext, scopeFor } from "./store-context.js";

/** A put operation, already validated: a JSON value to store, or null to delete. */
export interface PutRequest {
  /** The item's namespace. */
  namespace: string[];
  /** The item's key. */
  key: string;
  /** The value, or null to delete the item. */
  value: Record<string, JsonValue> | null;
  /** Index paths for this value, false to skip embedding, undefined for the store's default. */
  index?: false | string[];
}

/** The text Engram embeds for a value, and whether anything was found to embed. */
function textFor(
  context: StoreContext,
  value: Record<string, JsonValue>,
  index: false | string[] | undefined,
) {
  const text = index === false ? "" : indexText(value, index ?? context.fields);
  // Engram needs text on every memory; a value with nothing to embed keeps its JSON and is marked unindexed.
  return text ? { text, indexed: true } : { text: JSON.stringify(value), indexed: false };
}

/** Adds a memory for a new item (items are keyed, so two items may hold the same text: no deduplication). */
async function addItem(
  context: StoreContext,
  text: string,
  scope: ScopeSelector,
  metadata: Metadata,
): Promise<void> {
  await context.memory.add(text, {
    ...scope,
    metadata,
    type: context.memoryType,
    infer: false,
    deduplicate: false,
    actor: context.actor,
  });
}

/** Applies a put: create, replace (keeping createdAt) or, with a null value, delete. */
export async function putItem(context: StoreContext, request: PutRequest): Promise<void> {
  const { namespace, key } = request;
  const scope = scopeFor(context, namespace, "namespace");
  const [current, ...duplicates] = await findItemMemories(context, namespace, key);
  // Two concurrent writers could have created the same key twice: keep the newest, drop the rest.
  for (const duplicate of duplicates)
    await context.memory.delete(duplicate.id, { ...scope, actor: context.actor });
  if (request.value === null) {
    if (current) await context.memory.delete(current.id, { ...scope, actor: context.actor });
    return;
  }
  const { value } = request;
  const { text, indexed } = textFor(context, value, request.index);
  const metadata = itemMetadata(namespace, { key, value, indexed });
  if (!current) return addItem(context, text, scope, metadata);
  await context.memory.update(
    current.id,
    { ...(text !== current.memory ? { memory: text } : {}), metadata },
    { ...scope, actor: context.actor },
  );
}
