/**
 * Unit vectors of one dimension stored row by row in one growable Float32Array, so similarity scans walk
 * contiguous memory instead of thousands of small arrays.
 */
export class VectorMatrix {
  private data: Float32Array;
  private capacity: number;
  private readonly free: number[] = [];
  private next = 0;

  constructor(
    readonly dimensions: number,
    initialCapacity = 1024,
  ) {
    this.capacity = initialCapacity;
    this.data = new Float32Array(initialCapacity * dimensions);
  }

  /** Stores a vector and returns its row. */
  add(vector: Float32Array): number {
    const row = this.free.pop() ?? this.next++;
    if (row >= this.capacity) {
      this.capacity *= 2;
      const grown = new Float32Array(this.capacity * this.dimensions);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, row * this.dimensions);
    return row;
  }

  /** Frees a row for reuse. */
  remove(row: number): void {
    this.free.push(row);
  }

  /** Dot product of `query` with the stored row (cosine similarity for unit vectors). */
  dot(query: Float32Array, row: number): number {
    const data = this.data;
    const dimensions = this.dimensions;
    const offset = row * dimensions;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let index = 0;
    for (; index + 3 < dimensions; index += 4) {
      s0 += data[offset + index]! * query[index]!;
      s1 += data[offset + index + 1]! * query[index + 1]!;
      s2 += data[offset + index + 2]! * query[index + 2]!;
      s3 += data[offset + index + 3]! * query[index + 3]!;
    }
    for (; index < dimensions; index++) s0 += data[offset + index]! * query[index]!;
    return s0 + s1 + s2 + s3;
  }
}
