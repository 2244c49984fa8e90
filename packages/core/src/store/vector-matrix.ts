import { dotKernelBase64 } from "./wasm/dot-kernel-bytes.js";

type DotsFunction = (
  matrix: number,
  dims: number,
  rows: number,
  count: number,
  query: number,
  out: number,
) => void;

let kernelModule: WebAssembly.Module | null | undefined;

/** The compiled SIMD kernel, or null where WebAssembly SIMD is unavailable (the JS loop is used then). */
function loadKernel(): WebAssembly.Module | null {
  if (kernelModule === undefined) {
    const bytes = Buffer.from(dotKernelBase64, "base64");
    kernelModule =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return kernelModule;
}

const pageBytes = 65_536;

/**
 * Unit vectors of one dimension stored row by row in one growable block of memory, so similarity scans walk
 * contiguous memory. Scans run in a WebAssembly SIMD kernel (four lanes at a time) when the engine has one.
 */
export class VectorMatrix {
  private memory: WebAssembly.Memory;
  private readonly kernel: DotsFunction | undefined;
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
    this.memory = new WebAssembly.Memory({ initial: this.pagesFor(initialCapacity) });
    const module = forceJavaScript ? null : loadKernel();
    if (module) {
      const instance = new WebAssembly.Instance(module, {});
      this.memory = instance.exports.memory as WebAssembly.Memory;
      this.memory.grow(
        Math.max(0, this.pagesFor(initialCapacity) - this.memory.buffer.byteLength / pageBytes),
      );
      this.kernel = instance.exports.dots as DotsFunction;
    }
    this.data = new Float32Array(this.memory.buffer, 0, this.capacity * this.dimensions);
  }

  /** Whether scans run in the WebAssembly SIMD kernel. */
  get accelerated(): boolean {
    return this.kernel !== undefined;
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
    return row;
  }

  /** Frees a row for reuse. */
  remove(row: number): void {
    this.free.push(row);
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
      for (let index = 0; index < size; index++) list[index] = rows[start + index]!;
      this.kernel(0, this.dimensions, rowsOffset, size, queryOffset, outOffset);
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
