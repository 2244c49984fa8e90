import { resized } from "./resized.js";
import { VectorMatrix } from "./vector-matrix.js";

/**
 * The embeddings of an index's slots: one contiguous matrix per dimension, with each slot's matrix and row in
 * typed arrays. Searches score only the slots whose vector has the query's dimension (others score 0).
 */
export class SlotVectors {
  private readonly matrices: VectorMatrix[] = [];
  private matrixIds = new Int32Array(1024);
  private matrixRows = new Int32Array(1024);
  private scratch = { rows: new Int32Array(0), positions: new Int32Array(0) };

  /** Stores the embedding of `slot`. */
  set(slot: number, vector: Float32Array): void {
    if (slot >= this.matrixIds.length) {
      const length = Math.max(slot + 1, this.matrixIds.length * 2);
      this.matrixIds = resized(this.matrixIds, length);
      this.matrixRows = resized(this.matrixRows, length);
    }
    let matrixId = this.matrices.findIndex((matrix) => matrix.dimensions === vector.length);
    if (matrixId < 0) matrixId = this.matrices.push(new VectorMatrix(vector.length)) - 1;
    this.matrixIds[slot] = matrixId;
    this.matrixRows[slot] = this.matrices[matrixId]!.add(vector);
  }

  /** Frees the embedding of `slot`. */
  remove(slot: number): void {
    this.matrices[this.matrixIds[slot]!]!.remove(this.matrixRows[slot]!);
  }

  /** Removes every embedding. */
  clear(): void {
    this.matrices.length = 0;
  }

  /** The exact top-k positions of `slots` (the first `count`) by cosine similarity, best first, with scores. */
  top(slots: Int32Array, count: number, vector: Float32Array, k: number): Map<number, number> {
    const top = new Map<number, number>();
    const matrixId = this.matrices.findIndex((matrix) => matrix.dimensions === vector.length);
    if (matrixId < 0) return top;
    if (this.scratch.rows.length < count) {
      const length = Math.max(count, this.scratch.rows.length * 2);
      this.scratch = { rows: new Int32Array(length), positions: new Int32Array(length) };
    }
    const { rows, positions } = this.scratch;
    const { matrixIds, matrixRows } = this;
    let size = 0;
    for (let position = 0; position < count; position++) {
      const slot = slots[position]!;
      if (matrixIds[slot] !== matrixId) continue;
      positions[size] = position;
      rows[size++] = matrixRows[slot]!;
    }
    const best = this.matrices[matrixId]!.topK(vector, rows.subarray(0, size), k);
    best.indexes.forEach((index, at) => {
      top.set(positions[index]!, best.scores[at]!);
    });
    return top;
  }

  /** Cosine similarity of one slot with the query (0 for a vector of another dimension). */
  score(slot: number, vector: Float32Array): number {
    const matrix = this.matrices[this.matrixIds[slot]!]!;
    if (matrix.dimensions !== vector.length) return 0;
    return matrix.dots(vector, [this.matrixRows[slot]!])[0]!;
  }
}
