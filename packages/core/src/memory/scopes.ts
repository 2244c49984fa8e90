import { InvalidArgumentError, UnsupportedCapabilityError } from "../errors/index.js";
import { pickScope, scopeFields } from "../scope.js";
import type { ScopesPage } from "../store/memory-store.js";
import { checkKnownKeys, plainObjectKeys } from "../validate/well-formed.js";
import type { MemoryContext } from "./memory-context.js";
import { checkLimit } from "./search-memories.js";

/** Options of `memory.scopes()`. */
export interface ScopesOptions {
  /** Only scopes with these fields, e.g. `{ userId: "alice" }` for alice's agents and runs. @default every scope */
  filter?: { userId?: string; agentId?: string; runId?: string };
  /** Page size. @default 100 */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Implements `memory.scopes()`: checks the options strictly, then asks the store's maintained counts. */
export async function listScopes(context: MemoryContext, options: ScopesOptions): Promise<ScopesPage> {
  plainObjectKeys(options, "options", 'an options object such as { filter: { userId: "alice" } }');
  checkKnownKeys(options, ["filter", "limit", "cursor"], "options");
  const filter = options.filter === undefined ? {} : pickScope(options.filter, "options.filter");
  if (options.filter !== undefined) checkKnownKeys(options.filter, scopeFields, "options.filter");
  if (options.cursor !== undefined && (typeof options.cursor !== "string" || options.cursor === "")) {
    throw new InvalidArgumentError({
      argument: "options.cursor",
      message: "expected the nextCursor string of the previous page.",
    });
  }
  const store = context.store;
  if (!store.scopes) {
    throw new UnsupportedCapabilityError({
      capability: "scopes",
      message: `The ${store.name} store cannot list scopes (it keeps no per-scope counts); use the SQLite or in-memory store.`,
    });
  }
  return store.scopes({
    filter,
    limit: checkLimit(options.limit, "options.limit", 100),
    ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
  });
}
