import { describe, expect, it } from "vitest";
import { normalize } from "../embedders/vector-math.js";
import { VectorMatrix } from "./vector-matrix.js";

let seed = 11;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31 - 0.5;
};
const vector = (dimensions: number) => normalize(Float32Array.from({ length: dimensions }, random));

describe("VectorMatrix", () => {
  it("runs the WebAssembly SIMD kernel on this Node", () => {
    expect(new VectorMatrix(8).accelerated).toBe(true);
    expect(new VectorMatrix(8, 16, true).accelerated).toBe(false);
  });

  it.each([1, 3, 7, 8, 9, 100, 384, 385])(
    "matches the JavaScript loop and a plain dot product at %i dimensions",
    (dimensions) => {
      const simd = new VectorMatrix(dimensions, 4);
      const plain = new VectorMatrix(dimensions, 4, true);
      const stored = Array.from({ length: 37 }, () => vector(dimensions)); // grows past the initial capacity
      for (const item of stored) expect(simd.add(item)).toBe(plain.add(item));
      const query = vector(dimensions);
      const rows = [36, 0, 5, 5, 20];
      const fast = simd.dots(query, rows);
      const slow = plain.dots(query, rows);
      rows.forEach((row, index) => {
        const expected = stored[row]!.reduce((sum, value, at) => sum + value * query[at]!, 0);
        expect(fast[index]).toBeCloseTo(expected, 5);
        expect(slow[index]).toBeCloseTo(expected, 5);
      });
    },
  );

  it("reuses freed rows and keeps other rows intact", () => {
    const matrix = new VectorMatrix(16, 2);
    const [a, b, c] = [vector(16), vector(16), vector(16)];
    const rowA = matrix.add(a);
    const rowB = matrix.add(b);
    matrix.remove(rowA);
    expect(matrix.add(c)).toBe(rowA);
    const [scoreB, scoreC] = matrix.dots(b, [rowB, rowA]);
    expect(scoreB).toBeCloseTo(1, 5);
    expect(scoreC).toBeCloseTo(
      b.reduce((sum, value, at) => sum + value * c[at]!, 0),
      5,
    );
  });

  it("scores lists longer than its capacity (repeated rows) in chunks", () => {
    const matrix = new VectorMatrix(4, 2);
    const item = vector(4);
    const row = matrix.add(item);
    const scores = matrix.dots(
      item,
      Array.from({ length: 5 }, () => row),
    );
    expect(Array.from(scores).map((score) => Number(score.toFixed(5)))).toEqual([1, 1, 1, 1, 1]);
  });
});
