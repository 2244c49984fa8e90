import type { Metadata } from "chromadb";

/** Splits UTF-8 text into pieces of at most `maxBytes` bytes, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const bytes = Buffer.from(text, "utf8");
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(start + maxBytes, bytes.length);
    // Back off from continuation bytes (10xxxxxx) so a multi-byte character stays whole.
    while (end < bytes.length && end > start && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    pieces.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return pieces;
}

/**
 * Text kept in metadata values (`c0`, `c1`, …) instead of a document. Chroma indexes every document for
 * full-text search (trigrams), which made documents of journals and history the most expensive part of a
 * write; metadata values are stored without that index.
 */
export function chunkMetadata(chunks: readonly string[]): Metadata {
  const metadata: Metadata = {};
  chunks.forEach((chunk, index) => {
    metadata[`c${index}`] = chunk;
  });
  return metadata;
}

/** The text kept in a record's metadata chunks (`c0`, `c1`, …); "" when it has none. */
export function chunksOf(metadata: Record<string, unknown> | null | undefined): string {
  let text = "";
  for (let index = 0; typeof metadata?.[`c${index}`] === "string"; index++) text += metadata[`c${index}`];
  return text;
}
