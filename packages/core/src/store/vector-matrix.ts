import { QuantizedRows } from "./quantized-rows.js";
import { TopK } from "./top-k.js";
import { type DotKernel, instantiateDotKernel, pageBytes } from "./wasm/dot-kernel.js";

/** Below this many rows a top-k scan reads the f32 rows directly (the int8 pre-selection would not pay). */
const preselectMinimumRows = 4096;

/** The best rows of a scan: their indexes in the scanned list and their exact scores, best first. */
export interface TopRows {
  /** Indexes into the scanned row list. */
  indexes: Int32Array;
  /** Dot products, aligned with `indexes`. */
  scores: Float32Array;
}

/**
 * Unit vectors of one dimension stored row by row in one growable block of memory, so similarity scans walk
 * contiguous memory. Scans run in a WebAssembly SIMD kernel (four lanes at a time) when the engine has one;
 * large top-k scans then read an int8 copy of the rows first and re-score only the rows that can make the top k.
 */
export class VectorMatrix {
  private readonly kernel: DotKernel | null;
  private readonly memory: WebAssembly.Memory;
  private readonly quantized: QuantizedRows | undefined;
  private data: Float32Array;
  private capacity: number;
  private readonly free: number[] = [];
  private next = 0;

  constructor(
    readonly dimensions: number,
    initialCapacity = 1024,
    /** Use the JavaScript loop even where the SIMD kernel is available (tests compare the two). */
    forceJavaScript = false,
  ) {
    this.capacity = initialCapacity;
    this.kernel = forceJavaScript ? null : instantiateDotKernel(this.pagesFor(initialCapacity));
    this.memory = this.kernel?.memory ?? new WebAssembly.Memory({ initial: this.pagesFor(initialCapacity) });
    const quantizer = forceJavaScript ? null : instantiateDotKernel(1);
    if (quantizer) this.quantized = new QuantizedRows(dimensions, initialCapacity, quantizer);
    this.data = new Float32Array(this.memory.buffer, 0, this.capacity * this.dimensions);
  }

  /** Whether scans run in the WebAssembly SIMD kernel. */
  get accelerated(): boolean {
    return this.kernel !== null;
  }

  /** Pages for the matrix plus per-scan scratch (query, row list, results) at a given capacity. */
  private pagesFor(capacity: number): number {
    return Math.ceil((capacity * this.dimensions * 4 + this.dimensions * 4 + capacity * 8) / pageBytes);
  }

  /** Stores a vector and returns its row. */
  add(vector: Float32Array): number {
    const row = this.free.pop() ?? this.next++;
    if (row >= this.capacity) {
      const pages = this.pagesFor(this.capacity * 2) - this.memory.buffer.byteLength / pageBytes;
      if (pages > 0) this.memory.grow(pages);
      this.capacity *= 2;
      this.data = new Float32Array(this.memory.buffer, 0, this.capacity * this.dimensions);
    }
    this.data.set(vector, row * this.dimensions);
    this.quantized?.set(row, vector);
    return row;
  }

  /** Frees a row for reuse. */
  remove(row: number): void {
    this.free.push(row);
  }

  /**
   * The k listed rows with the highest dot product with `query` (exact). Large lists are pre-selected on the
   * int8 copy, which reads a quarter of the memory, and only rows that can still make the top k are re-scored.
   */
  topK(query: Float32Array, rows: Int32Array, k: number, preselect = true): TopRows {
    let indexes: Int32Array | undefined;
    if (preselect && this.quantized && rows.length >= preselectMinimumRows && k * 8 < rows.length) {
      indexes = this.quantized.candidates(query, rows, k);
    }
    const scanned = indexes ? Int32Array.from(indexes, (index) => rows[index]!) : rows;
    const scores = this.dots(query, scanned);
    const best = new TopK<number>(k);
    let floor = best.floor;
    for (let index = 0; index < scores.length; index++) {
      // Checking the floor inline skips the call for the vast majority of rows on a large scan.
      if (scores[index]! <= floor) continue;
      best.push(index, scores[index]!);
      floor = best.floor;
    }
    const order = best.sorted();
    return {
      indexes: Int32Array.from(order, (index) => (indexes ? indexes[index]! : index)),
      scores: Float32Array.from(order, (index) => scores[index]!),
    };
  }

  /** Dot products of `query` with each listed row (cosine similarities for unit vectors), in list order. */
  dots(query: Float32Array, rows: ArrayLike<number>): Float32Array {
    const count = rows.length;
    if (!this.kernel) {
      const result = new Float32Array(count);
      for (let index = 0; index < count; index++) result[index] = this.dot(query, rows[index]!);
      return result;
    }
    const matrixBytes = this.capacity * this.dimensions * 4;
    const queryOffset = matrixBytes;
    const rowsOffset = queryOffset + this.dimensions * 4;
    const outOffset = rowsOffset + this.capacity * 4;
    const buffer = this.memory.buffer;
    new Float32Array(buffer, queryOffset, this.dimensions).set(query);
    const list = new Int32Array(buffer, rowsOffset, this.capacity);
    const result = new Float32Array(count);
    // The scratch area holds `capacity` rows per call; longer lists (duplicate rows) go in chunks.
    for (let start = 0; start < count; start += this.capacity) {
      const size = Math.min(this.capacity, count - start);
      if (rows instanceof Int32Array) list.set(rows.subarray(start, start + size));
      else for (let index = 0; index < size; index++) list[index] = rows[start + index]!;
      this.kernel.dots(0, this.dimensions, rowsOffset, size, queryOffset, outOffset);
      result.set(new Float32Array(buffer, outOffset, size), start);
    }
    return result;
  }

  /** Dot product of `query` with one stored row, in JavaScript. */
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
