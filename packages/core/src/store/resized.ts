/** A copy of `array` in a new typed array of the same kind and `length` elements (zeros past the old end). */
export function resized<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array.subarray(0, Math.min(array.length, length)));
  return copy;
}
