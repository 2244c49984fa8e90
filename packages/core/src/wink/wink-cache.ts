import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import path from "node:path";

/** Word vectors quantised to int8 with one scale per word. */
export interface WordVectors {
  /** Vector length. */
  dimensions: number;
  /** Word → row. */
  rows: Map<string, number>;
  /** Row-major int8 components. */
  values: Int8Array;
  /** Per-row scale: component = value × scale. */
  scales: Float32Array;
}

const magic = "ENGRAM-WV1\n";

/** Quantises float rows (already unit length) to int8 with per-row scales. */
export function quantize(words: string[], vectors: Float32Array[], dimensions: number): WordVectors {
  const values = new Int8Array(words.length * dimensions);
  const scales = new Float32Array(words.length);
  const rows = new Map<string, number>();
  words.forEach((word, row) => {
    const vector = vectors[row]!;
    let max = 0;
    for (const component of vector) max = Math.max(max, Math.abs(component));
    const scale = max / 127 || 1;
    scales[row] = scale;
    for (let index = 0; index < dimensions; index++)
      values[row * dimensions + index] = Math.round(vector[index]! / scale);
    rows.set(word, row);
  });
  return { dimensions, rows, values, scales };
}

/** Writes the cache atomically (temporary file, then rename), so a crash never leaves half a file. */
export function writeCache(file: string, vectors: WordVectors): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const words = [...vectors.rows.keys()];
  const header = Buffer.from(
    `${magic}${JSON.stringify({ dimensions: vectors.dimensions, count: words.length })}\n${words.join("\n")}\n`,
    "utf8",
  );
  const lengthPrefix = Buffer.alloc(4);
  lengthPrefix.writeUInt32LE(header.length);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = openSync(temporary, "w");
  try {
    for (const part of [
      lengthPrefix,
      header,
      Buffer.from(vectors.scales.buffer),
      Buffer.from(vectors.values.buffer),
    ])
      writeSync(handle, part);
  } finally {
    closeSync(handle);
  }
  renameSync(temporary, file);
}

/** Reads a file written by `writeCache` with one read; undefined when it is not such a file (read errors throw). */
export function readCache(file: string): WordVectors | undefined {
  const buffer = readFileSync(file);
  if (buffer.length < 4 + magic.length) return undefined;
  const headerLength = buffer.readUInt32LE(0);
  const header = buffer.subarray(4, 4 + headerLength).toString("utf8");
  if (!header.startsWith(magic)) return undefined;
  const lines = header.slice(magic.length).split("\n");
  const { dimensions, count } = JSON.parse(lines[0]!) as { dimensions: number; count: number };
  const rows = new Map<string, number>();
  for (let row = 0; row < count; row++) rows.set(lines[row + 1]!, row);
  const body = buffer.subarray(4 + headerLength);
  if (body.length !== count * 4 + count * dimensions) return undefined;
  const scales = new Float32Array(count);
  new Uint8Array(scales.buffer).set(body.subarray(0, count * 4));
  // A view, not a copy: the int8 rows need no alignment.
  const values = new Int8Array(body.buffer, body.byteOffset + count * 4, count * dimensions);
  return { dimensions, rows, values, scales };
}
