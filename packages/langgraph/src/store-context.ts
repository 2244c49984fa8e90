import {
  InvalidArgumentError,
  type Memory,
  type MemoryType,
  type Scope,
  type ScopeSelector,
  asSelector,
} from "@engram/core";
import { type NamespaceScopeMapping, scopeOf } from "./namespace.js";

/** Everything the store's operations need: the Memory and the resolved mapping options. */
export interface StoreContext {
  /** The Engram memory holding the items. */
  memory: Memory;
  /** Which namespace label fills which scope field. */
  mapping: NamespaceScopeMapping;
  /** Scope fields every item gets, whatever its namespace. */
  storeScope: Scope;
  /** Default index paths (what is embedded). */
  fields: string[];
  /** Engram memory type of stored items. */
  memoryType: MemoryType;
  /** Actor recorded in Engram's history for the store's writes. */
  actor: string;
}

/** The scope of a namespace or prefix; throws when it names no identity (Engram never searches unscoped). */
export function scopeFor(
  context: StoreContext,
  namespace: readonly string[],
  argument: string,
): ScopeSelector {
  const scope = scopeOf(namespace, context.mapping, context.storeScope);
  if (Object.values(scope).every((value) => value === undefined)) {
    throw new InvalidArgumentError({
      argument,
      message: `the namespace prefix ${JSON.stringify(namespace)} maps to no Engram scope. Search a longer prefix, or give the store a storeScope (e.g. { agentId: "my-app" }) so every item shares one scope field.`,
    });
  }
  return asSelector(scope);
}
