import type { JsonValue, StoredMemory } from "../types.js";

/** Built-in fields a filter can name directly; any other key is looked up in metadata. */
export const builtInFilterFields = [
  "id",
  "memory",
  "type",
  "hash",
  "createdAt",
  "updatedAt",
  "validFrom",
  "validTo",
  "supersededBy",
  "mergedInto",
  "slot",
] as const;

const builtIns = new Set<string>(builtInFilterFields);

/**
 * Reads a filter field from a memory. Built-in fields win; `metadata.x` reaches metadata explicitly, and any
 * other key is a metadata key. Dotted paths walk into nested metadata objects.
 */
export function readFilterField(item: StoredMemory, field: string): JsonValue | undefined {
  if (builtIns.has(field)) {
    const value = (item as unknown as Record<string, JsonValue | undefined>)[field];
    return value === undefined ? undefined : value;
  }
  const path = field.startsWith("metadata.") ? field.slice("metadata.".length) : field;
  // Own properties only: "constructor", "toString" or "__proto__" must never reach Object.prototype.
  const metadata = item.metadata as Record<string, JsonValue>;
  if (Object.hasOwn(metadata, path)) return metadata[path];
  let current: JsonValue | undefined = metadata;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, JsonValue>)[part];
  }
  return current;
}
