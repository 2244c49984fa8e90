import { createHash } from "node:crypto";

/** Normalises text for duplicate detection: Unicode NFKC, lowercase, collapsed whitespace. */
export function normalizeForHash(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** SHA-256 (hex) of the normalised text: two memories with the same hash are exact duplicates. */
export function hashMemory(text: string): string {
  return createHash("sha256").update(normalizeForHash(text)).digest("hex");
}
