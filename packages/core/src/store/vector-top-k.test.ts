import { describe, expect, it } from "vitest";
import { normalize } from "../embedders/vector-math.js";
import { VectorMatrix } from "./vector-matrix.js";

let seed = 23;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31 - 0.5;
};
const gaussian = () => Math.sqrt(-2 * Math.log(random() + 0.5 + 1e-12)) * Math.cos(2 * Math.PI * random());

/** Unit vectors drawn around a few topic centres (close neighbours make the pre-selection bound matter). */
function clustered(count: number, dimensions: number, spread: number): Float32Array[] {
  const centres = Array.from({ length: 8 }, () => Float32Array.from({ length: dimensions }, gaussian));
  return Array.from({ length: count }, (_, index) =>
    normalize(Float32Array.from(centres[index % 8]!, (value) => value + spread * gaussian())),
  );
}

/** Unit vectors with one dominant component: a coarse int8 scale for every other component. */
function spiky(count: number, dimensions: number): Float32Array[] {
  return Array.from({ length: count }, (_, index) => {
    const values = Float32Array.from({ length: dimensions }, () => 0.05 * gaussian());
    values[index % dimensions] = 3;
    return normalize(values);
  });
}

/** The exact ranking by a plain double-precision dot product: list indexes and scores, best first. */
function reference(stored: Float32Array[], rows: Int32Array, query: Float32Array, k = rows.length) {
  return Array.from(rows, (row, index) => ({
    index,
    score: stored[row]!.reduce((sum, value, at) => sum + value * query[at]!, 0),
  }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** The private parts of the int8 copy that the kernel test reads. */
interface QuantizedInternals {
  quantizeQuery(query: Float32Array): unknown;
  integerDots(rows: Int32Array): Int32Array;
  bytes: Int8Array;
  stride: number;
  capacity: number;
  kernel: { memory: WebAssembly.Memory };
}

describe("VectorMatrix.topK", () => {
  const cases = [
    { name: "clustered, 384 dims", dimensions: 384, make: () => clustered(6000, 384, 0.6) },
    { name: "tightly clustered, 100 dims", dimensions: 100, make: () => clustered(6000, 100, 0.05) },
    { name: "spiky, 385 dims", dimensions: 385, make: () => spiky(5000, 385) },
    { name: "wide, 3072 dims", dimensions: 3072, make: () => clustered(4500, 3072, 0.3) },
  ];

  it.each(cases)(
    "returns exactly the f32 scan's top k with int8 pre-selection ($name)",
    ({ dimensions, make }) => {
      const matrix = new VectorMatrix(dimensions);
      const stored = make();
      for (const item of stored) matrix.add(item);
      // every row but a few, in a shuffled order, so list positions differ from rows
      const rows = Int32Array.from(stored.map((_, row) => row).filter((row) => row % 97 !== 3)).sort(
        (a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009),
      );
      for (let round = 0; round < 6; round++) {
        const base = stored[(round * 331) % stored.length]!;
        const query = normalize(Float32Array.from(base, (value) => value + 0.02 * gaussian()));
        const ranking = reference(stored, rows, query, 40);
        for (const k of [1, 10, 40]) {
          const fast = matrix.topK(query, rows, k);
          const full = matrix.topK(query, rows, k, false);
          expect(Array.from(fast.indexes)).toEqual(Array.from(full.indexes));
          expect(Array.from(fast.scores)).toEqual(Array.from(full.scores));
          const expected = ranking.slice(0, k);
          expect(Array.from(fast.indexes)).toEqual(expected.map((entry) => entry.index));
          fast.scores.forEach((score, at) => {
            expect(score).toBeCloseTo(expected[at]!.score, 5);
          });
        }
      }
    },
  );

  it("handles a zero query, k above the list length and repeated rows", () => {
    const matrix = new VectorMatrix(64);
    const stored = clustered(5000, 64, 0.5);
    for (const item of stored) matrix.add(item);
    const rows = Int32Array.from({ length: 5000 }, (_, index) => index);
    const zero = matrix.topK(new Float32Array(64), rows, 5);
    expect(zero.indexes.length).toBe(5);
    expect(Array.from(zero.scores)).toEqual([0, 0, 0, 0, 0]);
    const few = matrix.topK(stored[0]!, Int32Array.from([4, 0, 9]), 10);
    expect(Array.from(few.indexes)).toEqual([
      1,
      ...reference(stored, Int32Array.from([4, 9]), stored[0]!, 2).map((entry) =>
        entry.index === 0 ? 0 : 2,
      ),
    ]);
    const repeated = Int32Array.from({ length: 8000 }, (_, index) => index % 4000);
    const top = matrix.topK(stored[17]!, repeated, 2);
    expect(new Set(Array.from(top.indexes, (index) => repeated[index]))).toEqual(new Set([17]));
    expect(top.scores[0]).toBeCloseTo(1, 5);
  });

  it.each([1, 63, 64, 100, 385])(
    "computes exact integer dot products in the int8 kernel at %i dimensions",
    (dimensions) => {
      const matrix = new VectorMatrix(dimensions, 4);
      const stored = spiky(40, dimensions);
      for (const item of stored) matrix.add(item);
      const quantized = (matrix as unknown as { quantized: QuantizedInternals }).quantized;
      const query = stored[3]!;
      quantized.quantizeQuery(query);
      const rows = Int32Array.from([39, 0, 7, 7, 20]);
      const dots = Array.from(quantized.integerDots(rows));
      const { bytes, stride, capacity, kernel } = quantized;
      const query16 = new Int16Array(kernel.memory.buffer, capacity * stride, stride);
      const expected = Array.from(rows, (row) => {
        let sum = 0;
        for (let at = 0; at < stride; at++) sum += bytes[row * stride + at]! * query16[at]!;
        return sum;
      });
      expect(dots).toEqual(expected);
      expect(expected.some((value) => value !== 0)).toBe(true);
    },
  );

  it("pre-selects far fewer rows than it scans", () => {
    const matrix = new VectorMatrix(384);
    const stored = clustered(8000, 384, 0.6);
    for (const item of stored) matrix.add(item);
    const rows = Int32Array.from({ length: 8000 }, (_, index) => index);
    const quantized = (
      matrix as unknown as {
        quantized: { candidates: (q: Float32Array, r: Int32Array, k: number) => Int32Array };
      }
    ).quantized;
    const kept = quantized.candidates(stored[5]!, rows, 10);
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThan(800);
  });
});
