import type { ListOptions, ListResult, MemoryStore } from "./memory-store.js";

/** Every page of a listing, in order: follows `nextCursor` until the last page. */
export async function* listPages(
  store: MemoryStore,
  options: Omit<ListOptions, "cursor">,
): AsyncGenerator<ListResult> {
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...options, ...(cursor ? { cursor } : {}) });
    yield page;
    cursor = page.nextCursor;
  } while (cursor);
}
