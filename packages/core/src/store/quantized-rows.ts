import { resized } from "./resized.js";
import { TopK } from "./top-k.js";
import { type DotKernel, pageBytes } from "./wasm/dot-kernel.js";

/** Largest |query| level: i16, lowered for wide vectors so that no integer dot product can overflow i32. */
function queryLevels(stride: number): number {
  return Math.min(32_767, Math.floor((2 ** 31 - 1) / (127 * stride)));
}

/**
 * Int8 copies of a vector matrix's rows (one scale per row), scanned by the kernel's integer dot product. They
 * only ever pre-select: `candidates()` returns every row that could be in the exact top k, using a proven bound
 * on the quantisation error, and the caller re-scores those rows in f32. Results are therefore exact.
 */
export class QuantizedRows {
  /** Bytes per row: the dimension rounded up to 64, the kernel's step (the padding stays zero). */
  readonly stride: number;
  private capacity: number;
  private bytes: Int8Array;
  /** Per row: the scale (max |x| / 127) and the L1 norm of the f32 row, for the error bound. */
  private scales: Float64Array;
  private norms: Float64Array;
  /** Scratch: the rows still in the running during one `candidates()` call. */
  private kept = new Int32Array(0);

  constructor(
    private readonly dimensions: number,
    initialCapacity: number,
    private readonly kernel: DotKernel,
  ) {
    this.stride = Math.ceil(dimensions / 64) * 64;
    this.capacity = 0;
    this.bytes = new Int8Array(0);
    this.scales = new Float64Array(0);
    this.norms = new Float64Array(0);
    this.grow(initialCapacity);
  }

  private grow(capacity: number): void {
    const needed = Math.ceil((capacity * (this.stride + 8) + this.stride * 2) / pageBytes);
    const pages = needed - this.kernel.memory.buffer.byteLength / pageBytes;
    if (pages > 0) this.kernel.memory.grow(pages);
    this.bytes = new Int8Array(this.kernel.memory.buffer, 0, capacity * this.stride);
    this.scales = resized(this.scales, capacity);
    this.norms = resized(this.norms, capacity);
    this.capacity = capacity;
  }

  /** Stores the int8 copy of `vector` at `row`. */
  set(row: number, vector: Float32Array): void {
    if (row >= this.capacity) this.grow(Math.max(row + 1, this.capacity * 2));
    const dimensions = this.dimensions;
    let largest = 0;
    let norm = 0;
    for (let index = 0; index < dimensions; index++) {
      const magnitude = Math.abs(vector[index]!);
      norm += magnitude;
      if (magnitude > largest) largest = magnitude;
    }
    const scale = largest / 127;
    // Multiplying by the inverse may move a value by an ulp before rounding; the error bound's slack covers it.
    const inverse = scale > 0 ? 1 / scale : 0;
    const bytes = this.bytes;
    const offset = row * this.stride;
    for (let index = 0; index < dimensions; index++)
      bytes[offset + index] = Math.round(vector[index]! * inverse);
    this.scales[row] = scale;
    this.norms[row] = norm;
  }

  /**
   * The indexes (into `rows`) of every row whose exact dot product with `query` could reach the k-th best.
   * With x = s·X + e (|e_j| ≤ s/2) and q = t·Q + f (|f_j| ≤ t/2), |x·q − s·t·X·Q| ≤ t/2·|x|₁ + s/2·|q|₁ + d·s·t/4;
   * the k-th largest lower bound is a floor no top-k row falls below, so rows whose upper bound misses it go.
   */
  candidates(query: Float32Array, rows: Int32Array, k: number): Int32Array {
    const { step, norm } = this.quantizeQuery(query);
    const dots = this.integerDots(rows);
    // f32 rounding of the exact re-scoring, on either side: d·2^-20 is far above it for unit vectors.
    const slack = this.dimensions * 2 ** -20;
    const perScale = norm / 2 + (this.dimensions * step) / 4;
    const halfStep = step / 2;
    if (this.kept.length < rows.length) this.kept = new Int32Array(rows.length);
    const { kept, scales, norms } = this;
    const lowest = new TopK<number>(k);
    let floor = lowest.floor;
    let size = 0;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      const scale = scales[row]!;
      const estimate = dots[index]! * scale * step;
      const bound = halfStep * norms[row]! + scale * perScale + slack;
      if (estimate + bound < floor) continue; // the floor only rises: this row cannot make the top k
      kept[size++] = index;
      if (estimate - bound > floor) {
        lowest.push(index, estimate - bound);
        floor = lowest.floor;
      }
    }
    const result: number[] = [];
    for (let at = 0; at < size; at++) {
      const index = kept[at]!;
      const row = rows[index]!;
      const scale = scales[row]!;
      const estimate = dots[index]! * scale * step;
      if (estimate + (halfStep * norms[row]! + scale * perScale + slack) >= floor) result.push(index);
    }
    return Int32Array.from(result);
  }

  /** Writes the i16 query into the kernel's scratch area; returns its step (scale) and L1 norm. */
  private quantizeQuery(query: Float32Array) {
    let largest = 0;
    let norm = 0;
    for (let index = 0; index < this.dimensions; index++) {
      const magnitude = Math.abs(query[index]!);
      norm += magnitude;
      if (magnitude > largest) largest = magnitude;
    }
    const levels = queryLevels(this.stride);
    const step = largest / levels;
    const target = new Int16Array(this.kernel.memory.buffer, this.capacity * this.stride, this.stride);
    target.fill(0);
    for (let index = 0; index < this.dimensions; index++)
      target[index] = step > 0 ? Math.round(query[index]! / step) : 0;
    return { step, norm };
  }

  /** Integer dot products of the quantised query with each listed row. */
  private integerDots(rows: Int32Array): Int32Array {
    const buffer = this.kernel.memory.buffer;
    const queryOffset = this.capacity * this.stride;
    const rowsOffset = queryOffset + this.stride * 2;
    const outOffset = rowsOffset + this.capacity * 4;
    const list = new Int32Array(buffer, rowsOffset, this.capacity);
    if (rows.length <= this.capacity) {
      list.set(rows);
      this.kernel.dotsI8(0, this.stride, rowsOffset, rows.length, queryOffset, outOffset);
      return new Int32Array(buffer, outOffset, rows.length); // read before the next scan overwrites it
    }
    const result = new Int32Array(rows.length);
    // The scratch area holds `capacity` rows per call; longer lists (duplicate rows) go in chunks.
    for (let start = 0; start < rows.length; start += this.capacity) {
      const size = Math.min(this.capacity, rows.length - start);
      list.set(rows.subarray(start, start + size));
      this.kernel.dotsI8(0, this.stride, rowsOffset, size, queryOffset, outOffset);
      result.set(new Int32Array(buffer, outOffset, size), start);
    }
    return result;
  }
}
