import { describeValue } from "../validate/describe-value.js";
import ms from "ms";
import { InvalidArgumentError } from "../errors/index.js";
import { checkDate } from "../validate/check-date.js";
import { checkKnownKeys } from "../validate/well-formed.js";
import type { MemoryType } from "../types.js";
import {
  type ConsolidationPolicy,
  type ResolvedConsolidationPolicy,
  resolveConsolidationPolicy,
} from "../consolidation/consolidation-options.js";

/** How long memories live, per type: a duration such as "30d", "12h", "2 weeks", or milliseconds. */
export type TtlPolicy = Record<string, string | number>;

/** The `lifecycle` option of a Memory: how memories leave default reads without anyone deleting them. */
export interface LifecycleOptions {
  /** Memories of these types expire this long after they are written, e.g. `{ episode: "30d", task_state: "14d" }`. */
  ttl?: TtlPolicy;
  /**
   * Count which memories reads return (`accessCount`, `lastAccessedAt`), written to the store in batches off the
   * read path, every `flushEveryMs` (0: after each read). Needed by `retrieval.accessDecay`. @default false
   */
  trackAccess?: boolean | { flushEveryMs?: number };
  /** Archive policies `maintain()` applies, e.g. `[{ unaccessedFor: "180d", types: ["episode"] }]`. */
  archive?: ArchivePolicy[];
  /** `maintain()` forgets memories expired at least this long ago, e.g. "90d". @default never */
  purgeExpiredAfter?: string | number;
  /**
   * What `consolidate()` (and so `maintain()`) looks for: merges, contradictions, summaries of old episodes,
   * TTL expiry; false keeps `maintain()` to archiving and purging. @default every step on, the model when configured
   */
  consolidate?: ConsolidationPolicy | false;
}

/** Lifecycle options with durations in milliseconds. */
export interface ResolvedLifecycle {
  /** Time to live per memory type, in ms. */
  ttl: ReadonlyMap<string, number>;
  /** Access tracking, when on: how often counts are written. */
  trackAccess?: { flushEveryMs: number };
  /** Archive policies of `maintain()`. */
  archive: ArchivePolicy[];
  /** Age of expiry after which `maintain()` forgets. */
  purgeExpiredAfter?: string | number;
  /** The consolidation policy, or false when `maintain()` does not consolidate. */
  consolidate: ResolvedConsolidationPolicy | false;
}

/**
 * The longest duration accepted (TTLs, archive and purge ages): 1000 years, so a date computed from one stays a
 * four-digit year (see `latestAcceptedDate`).
 */
export const maxDurationMs = 1000 * 365.25 * 24 * 60 * 60 * 1000;

/** Parses a duration ("30d", "12h", "90 minutes", or ms) into milliseconds above 0, at most `maxDurationMs`. */
export function parseDuration(value: unknown, argument: string): number {
  // `ms` reads "30d", "2 weeks", "1.5h"…; it answers undefined for anything it cannot read.
  const parsed = typeof value === "string" ? ms(value as ms.StringValue) : value;
  if (typeof parsed !== "number" || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a duration such as "30d", "12h" or "2 weeks", or a number of milliseconds above 0, got ${describeValue(value)}.`,
    });
  }
  if (parsed > maxDurationMs) {
    throw new InvalidArgumentError({
      argument,
      message: `a duration is at most 1000 years, got ${JSON.stringify(value)}; leave the option out for "never".`,
    });
  }
  return parsed;
}

/** Checks the `lifecycle` option of a Memory. */
export function checkLifecycleOptions(value: unknown): ResolvedLifecycle {
  if (value === undefined)
    return {
      ttl: new Map(),
      archive: [],
      consolidate: resolveConsolidationPolicy({}, "options.lifecycle.consolidate"),
    };
  checkKnownKeys(
    value,
    ["ttl", "trackAccess", "archive", "purgeExpiredAfter", "consolidate"],
    "options.lifecycle",
  );
  const consolidateOption = (value as LifecycleOptions).consolidate;
  const consolidate =
    consolidateOption === false
      ? false
      : resolveConsolidationPolicy(consolidateOption, "options.lifecycle.consolidate");
  const { ttl, trackAccess, purgeExpiredAfter } = value as LifecycleOptions;
  const archive = checkArchivePolicies((value as LifecycleOptions).archive, "options.lifecycle.archive");
  if (purgeExpiredAfter !== undefined)
    parseDuration(purgeExpiredAfter, "options.lifecycle.purgeExpiredAfter");
  let tracking: { flushEveryMs: number } | undefined;
  if (trackAccess === true) tracking = { flushEveryMs: 1000 };
  else if (typeof trackAccess === "object" && trackAccess !== null) {
    checkKnownKeys(trackAccess, ["flushEveryMs"], "options.lifecycle.trackAccess");
    const every = trackAccess.flushEveryMs ?? 1000;
    if (typeof every !== "number" || !Number.isInteger(every) || every < 0)
      throw new InvalidArgumentError({
        argument: "options.lifecycle.trackAccess.flushEveryMs",
        message: "expected a whole number of milliseconds ≥ 0 (0 writes the counts after each read).",
      });
    tracking = { flushEveryMs: every };
  } else if (trackAccess !== undefined && trackAccess !== false)
    throw new InvalidArgumentError({
      argument: "options.lifecycle.trackAccess",
      message: "expected true, false or { flushEveryMs }.",
    });
  const resolved = new Map<string, number>();
  if (ttl !== undefined) {
    if (typeof ttl !== "object" || ttl === null || Array.isArray(ttl)) {
      throw new InvalidArgumentError({
        argument: "options.lifecycle.ttl",
        message: 'expected durations by memory type, e.g. { episode: "30d", task_state: "14d" }.',
      });
    }
    for (const [type, duration] of Object.entries(ttl)) {
      resolved.set(type, parseDuration(duration, `options.lifecycle.ttl.${type}`));
    }
  }
  return {
    ttl: resolved,
    archive,
    consolidate,
    ...(tracking ? { trackAccess: tracking } : {}),
    ...(purgeExpiredAfter !== undefined ? { purgeExpiredAfter } : {}),
  };
}

/** Checks an importance: absent, or a finite number in [0, 1]. */
export function checkImportance(value: unknown, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a number from 0 (trivial) to 1 (essential), e.g. 0.8, got ${describeValue(value)}.`,
    });
  }
  return value;
}

/** Checks an `expiresAt` option: an ISO 8601 date/time or a Date (returned as ISO), null (never), or absent. */
export function checkExpiresAt(value: unknown, argument: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  return checkDate(value, argument);
}

/**
 * When a new memory of `type` written at `now` expires: the caller's explicit `expiresAt` (null: never), else the
 * type's TTL, else never (undefined).
 */
export function expiryOf(
  lifecycle: ResolvedLifecycle,
  type: string,
  now: Date,
  explicit: string | null | undefined,
): string | undefined {
  if (explicit !== undefined) return explicit ?? undefined;
  const ttl = lifecycle.ttl.get(type);
  return ttl === undefined ? undefined : new Date(now.getTime() + ttl).toISOString();
}

/** Archive memories nobody has read (or changed) for a while, optionally only of some types. */
export interface ArchivePolicy {
  /** How long without a read (`lastAccessedAt`, else the last change) before a memory is archived, e.g. "180d". */
  unaccessedFor: string | number;
  /** Only these types. @default every type */
  types?: MemoryType[];
}

/** Checks archive policies (from the Memory's options or a maintain() call). */
export function checkArchivePolicies(value: unknown, argument: string): ArchivePolicy[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError({
      argument,
      message: 'expected a list of policies, e.g. [{ unaccessedFor: "180d", types: ["episode"] }].',
    });
  }
  return value.map((policy, index) => {
    checkKnownKeys(policy, ["unaccessedFor", "types"], `${argument}[${index}]`);
    parseDuration((policy as ArchivePolicy)?.unaccessedFor, `${argument}[${index}].unaccessedFor`);
    const types = (policy as ArchivePolicy).types;
    if (types !== undefined && (!Array.isArray(types) || types.some((type) => typeof type !== "string")))
      throw new InvalidArgumentError({
        argument: `${argument}[${index}].types`,
        message: "expected a list of memory types.",
      });
    return policy as ArchivePolicy;
  });
}
