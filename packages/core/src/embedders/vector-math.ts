/** Returns a unit-length Float32Array copy of the vector (a zero vector stays zero). */
export function normalize(vector: ArrayLike<number>): Float32Array {
  const result = Float32Array.from(vector);
  let norm = 0;
  for (let index = 0; index < result.length; index++) norm += result[index]! * result[index]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < result.length; index++) result[index]! /= norm;
  return result;
}

/** Dot product of two equal-length vectors (cosine similarity when both are unit length). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = a.length;
  let index = 0;
  for (; index + 3 < length; index += 4) {
    sum +=
      a[index]! * b[index]! +
      a[index + 1]! * b[index + 1]! +
      a[index + 2]! * b[index + 2]! +
      a[index + 3]! * b[index + 3]!;
  }
  for (; index < length; index++) sum += a[index]! * b[index]!;
  return sum;
}
