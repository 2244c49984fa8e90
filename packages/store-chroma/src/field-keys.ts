import type { ChromaStoreLimits } from "./chroma-store-options.js";

/** Chroma metadata keys of the scope fields. */
export const scopeKeys = { userId: "user_id", agentId: "agent_id", runId: "run_id" } as const;

/** How a built-in filter field is indexed in Chroma metadata. */
export interface BuiltInKey {
  /** The Chroma metadata key. */
  key: string;
  /** "date": ms since epoch (only for canonical ISO strings); "string": the value as is. */
  kind: "date" | "string";
  /** True when every record has the key, rewritten on each write (so `$ne`/`$nin` can run in Chroma). */
  alwaysPresent: boolean;
}

/** Built-in filter fields that Chroma can filter on; `id` and `memory` always run on our side. */
export const builtInKeys: Readonly<Record<string, BuiltInKey>> = {
  type: { key: "type", kind: "string", alwaysPresent: true },
  hash: { key: "hash", kind: "string", alwaysPresent: true },
  slot: { key: "slot", kind: "string", alwaysPresent: false },
  supersededBy: { key: "superseded_by", kind: "string", alwaysPresent: false },
  createdAt: { key: "created_at", kind: "date", alwaysPresent: true },
  updatedAt: { key: "updated_at", kind: "date", alwaysPresent: true },
  validFrom: { key: "valid_from", kind: "date", alwaysPresent: true },
  validTo: { key: "valid_to", kind: "date", alwaysPresent: true },
};

/** Set on each record: false when some value could not be indexed, so `where` clauses must not exclude it. */
export const exactKey = "exact";
/** The batch that last wrote the record (replays of older batches skip it). */
export const batchKeyField = "batch";
/** Prefix of metadata-path keys. */
export const metadataKeyPrefix = "m.";
/** `valid_to` of memories that are still valid: later than any four-digit-year date. */
export const openEnded = Date.UTC(10_000, 0, 1);

const canonicalIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

/**
 * Milliseconds of a canonical ISO date (as `toISOString()` writes it), else undefined. Only canonical strings
 * order the same as their times, so only they are compared inside Chroma.
 */
export function canonicalMs(value: unknown): number | undefined {
  if (typeof value !== "string" || !canonicalIso.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || new Date(ms).toISOString() !== value ? undefined : ms;
}

/** The Chroma key of a metadata path, or undefined when it is too long to index. */
export function metadataKey(path: string, limits: Required<ChromaStoreLimits>): string | undefined {
  const key = metadataKeyPrefix + path;
  return Buffer.byteLength(key, "utf8") <= limits.maxKeyBytes ? key : undefined;
}

/** A scalar Chroma can store and compare exactly: a string within the size limit, a boolean or a safe number. */
export function isIndexableScalar(
  value: unknown,
  limits: Required<ChromaStoreLimits>,
): value is string | number | boolean {
  if (typeof value === "string") return Buffer.byteLength(value, "utf8") <= limits.maxMetadataValueBytes;
  if (typeof value === "number")
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
  return typeof value === "boolean";
}
