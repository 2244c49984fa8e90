import type { Memory, ScopeSummary } from "@engram/core";

/** Every scope of the store, page by page (from the store's scope counts, not a scan of the memories). */
export async function allScopes(memory: Memory): Promise<ScopeSummary[]> {
  const scopes: ScopeSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await memory.scopes({ limit: 1000, ...(cursor ? { cursor } : {}) });
    scopes.push(...page.scopes);
    cursor = page.nextCursor;
  } while (cursor);
  return scopes;
}
