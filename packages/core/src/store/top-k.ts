/** Keeps the k items with the highest scores seen so far (a small binary min-heap). */
export class TopK<T> {
  private readonly items: T[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** The score an item must beat to be kept (-Infinity until k items are held). */
  get floor(): number {
    return this.items.length < this.k ? Number.NEGATIVE_INFINITY : this.scores[0]!;
  }

  /** Offers an item; it is kept if it beats the current k-th best. */
  push(item: T, score: number): void {
    if (this.k <= 0) return;
    if (this.items.length < this.k) {
      this.items.push(item);
      this.scores.push(score);
      this.siftUp(this.items.length - 1);
    } else if (score > this.scores[0]!) {
      this.items[0] = item;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return this.items
      .map((item, index) => ({ item, score: this.scores[index]! }))
      .sort((a, b) => b.score - a.score)
      .map((entry) => entry.item);
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.scores[parent]! <= this.scores[index]!) return;
      this.swap(parent, index);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const length = this.items.length;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < length && this.scores[left]! < this.scores[smallest]!) smallest = left;
      if (right < length && this.scores[right]! < this.scores[smallest]!) smallest = right;
      if (smallest === index) return;
      this.swap(smallest, index);
      index = smallest;
    }
  }
}
