/** A small insertion-ordered cache: the oldest entries go first once it is full. */
export class TurnCache<TValue> {
  private readonly entries = new Map<string, TValue>();

  constructor(private readonly capacity = 256) {}

  /** The cached value, if any. */
  get(key: string): TValue | undefined {
    return this.entries.get(key);
  }

  /** Stores a value, evicting the oldest entry when full. */
  set(key: string, value: TValue): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets a key. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** How many entries are cached. */
  get size(): number {
    return this.entries.size;
  }
}
