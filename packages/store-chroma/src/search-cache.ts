import type { ChromaBatch } from "./chroma-batch.js";
import {
  indexedText,
  type MemoryRecord,
  matchesScope,
  type Scope,
  scopeFields,
  termFrequencies,
  terms,
} from "@engram/core";
import { type GenerationTag, sameTag } from "./generation.js";
import { KeywordIndex } from "./keyword-index.js";

/** A memory without its vector, as the keyword side of a search needs it. */
export type StoredItem = Omit<MemoryRecord, "embedding">;

/** The term statistics of one memory text. */
export interface TermStats {
  /** Occurrences of each stemmed term. */
  frequencies: Map<string, number>;
  /** Number of terms. */
  length: number;
}

/** One cached memory: the record and its term statistics. */
export interface CachedItem {
  /** The record, without its vector. */
  item: StoredItem;
  /** Its term statistics. */
  stats: TermStats;
}

interface ScopeEntry {
  scope: Scope;
  items: Map<string, CachedItem>;
  /** The items prepared for ranking; rebuilt after this store's own writes change them. */
  index?: KeywordIndex | undefined;
  tag: GenerationTag;
  loadedAt: number;
  lastUsed: number;
}

/** Cache entries older than this are read again, whatever the generations say (see `generation.ts`). */
export const cacheEntryMaxAgeMs = 60 * 60 * 1000;

const textCache = new Map<string, TermStats>();
const maxCachedTexts = 200_000;

/** Stemmed terms of a memory text; shared between cache entries and searches (tokenising is the costly part). */
export function termStats(text: string): TermStats {
  let stats = textCache.get(text);
  if (!stats) {
    const list = terms(text);
    stats = { frequencies: termFrequencies(list), length: list.length };
    if (textCache.size >= maxCachedTexts) textCache.clear(); // entries keep their own references
    textCache.set(text, stats);
  }
  return stats;
}

/** The cache key of a scope. */
export function scopeKey(scope: Scope): string {
  return JSON.stringify(scopeFields.map((field) => scope[field] ?? null));
}

/** Caches a record for the keyword side of searches. */
export function cachedItem(item: StoredItem): CachedItem {
  return { item, stats: termStats(indexedText(item)) };
}

/**
 * Per-process cache of the keyword side of searches: every memory of a scope (without vectors) with its term
 * statistics, tagged with the generation tag read before the scope was read. An entry is used only while the
 * store's tag is unchanged; this store's own writes update entries in place. See `chroma-store.ts` for the
 * coherence argument.
 */
export class SearchCache {
  private readonly entries = new Map<string, ScopeEntry>();
  private size = 0;
  private total: { tag: GenerationTag; count: number } | undefined;
  private readonly shares = new Map<string, number>();

  constructor(
    private readonly maxRecords: number,
    private readonly ownWriter: string,
    private readonly now: () => number,
  ) {}

  /** Records held, over all entries. */
  get records(): number {
    return this.size;
  }

  /** The cached items of `scope` if they are current for `tag`. */
  lookup(scope: Scope, tag: GenerationTag): KeywordIndex | undefined {
    const key = scopeKey(scope);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (!sameTag(entry.tag, tag) || now - entry.loadedAt > cacheEntryMaxAgeMs) {
      this.drop(key);
      return undefined;
    }
    entry.lastUsed = now;
    // A snapshot: this store's own writes update the entry's items meanwhile, and drop its index.
    entry.index ??= new KeywordIndex([...entry.items.values()]);
    return entry.index;
  }

  /** Caches a scope read after `tag` was read; scopes larger than the whole cache are not kept. */
  store(scope: Scope, tag: GenerationTag, items: CachedItem[]): void {
    const key = scopeKey(scope);
    this.drop(key);
    if (items.length > this.maxRecords) return;
    const now = this.now();
    const byId = new Map(items.map((cached) => [cached.item.id, cached]));
    this.entries.set(key, { scope, items: byId, tag, loadedAt: now, lastUsed: now });
    this.size += byId.size;
    this.evict(key);
  }

  /**
   * Applies a batch this store committed: entries that reflected every earlier write of this writer
   * (`before`, 0 for none) take it in and move to `after`; others are dropped. `before` null means this
   * writer's state on the server was uncertain (a failed write), so every entry is dropped.
   */
  applyOwnWrite(batch: ChromaBatch, before: number | null, after: number): void {
    const upserted = new Set(batch.upserts.map((record) => record.id));
    for (const [key, entry] of [...this.entries]) {
      if (before === null || (entry.tag.writers.get(this.ownWriter) ?? 0) !== before) {
        this.drop(key);
        continue;
      }
      this.size -= entry.items.size;
      entry.index = undefined;
      for (const record of batch.upserts) {
        if (!matchesScope(record, entry.scope)) {
          entry.items.delete(record.id);
          continue;
        }
        // The record as a read would return it (its stored JSON), not the caller's object, which may change.
        const { embedding: _embedding, ...rest } = record;
        entry.items.set(record.id, cachedItem(JSON.parse(JSON.stringify(rest)) as StoredItem));
      }
      // As in Chroma: an id the batch also upserts is replaced, not deleted (see applyBatch).
      for (const id of batch.deletes) if (!upserted.has(id)) entry.items.delete(id);
      this.size += entry.items.size;
      const writers = new Map(entry.tag.writers).set(this.ownWriter, after);
      entry.tag = { collectionId: entry.tag.collectionId, writers };
    }
    this.evict();
  }

  /** The number of stored memories (all scopes) last counted under `tag`, if it is still current. */
  totalFor(tag: GenerationTag): number | undefined {
    return this.total && sameTag(this.total.tag, tag) ? this.total.count : undefined;
  }

  /** Remembers the number of stored memories counted under `tag` (it only steers how Chroma is queried). */
  setTotal(tag: GenerationTag, count: number): void {
    this.total = { tag, count };
  }

  /** The share of all memories that `scope` held at its last search (a planning hint, never a result). */
  shareHint(scope: Scope): number | undefined {
    return this.shares.get(scopeKey(scope));
  }

  /** Remembers the share of all memories that `scope` holds. */
  setShareHint(scope: Scope, share: number): void {
    if (this.shares.size >= 10_000) this.shares.clear();
    this.shares.set(scopeKey(scope), share);
  }

  /** Forgets everything. */
  clear(): void {
    this.shares.clear();
    this.entries.clear();
    this.size = 0;
    this.total = undefined;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.size -= entry.items.size;
    this.entries.delete(key);
  }

  /** Drops least recently used entries (never `keep`) until the cache is within its bound. */
  private evict(keep?: string): void {
    if (this.size <= this.maxRecords) return;
    const byAge = [...this.entries].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key] of byAge) {
      if (this.size <= this.maxRecords) return;
      if (key !== keep) this.drop(key);
    }
    if (this.size > this.maxRecords && keep) this.drop(keep);
  }
}
