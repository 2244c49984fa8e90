// The "with maintenance" configuration of the lifecycle benchmark, in one place so it is easy to adjust.
import { type LifecycleOptions, Memory } from "@engram/core";

/** What the "with maintenance" runs configure and how often they call `maintain()`. */
export const maintenancePolicy = {
  /** Simulated days between two `memory.maintain({ userId })` calls. */
  everyDays: 30,
  /** The Memory's `lifecycle` option (today's keys). */
  lifecycle: {
    ttl: { task_state: "14d" },
    archive: [{ unaccessedFor: "180d", types: ["episode"] }],
  } satisfies LifecycleOptions,
  /**
   * `lifecycle.consolidate`, passed only when this build of core has `memory.consolidate()` (not on this branch
   * yet). Keys limited to those of the planned shape that the work in progress also accepts.
   */
  consolidate: {
    merge: true,
    supersede: true,
    summarize: { olderThan: "30d", period: "month" },
    expire: true,
  },
};

/** True when this build of core can consolidate (`memory.consolidate()` exists). */
export function consolidationAvailable(): boolean {
  return typeof (Memory.prototype as { consolidate?: unknown }).consolidate === "function";
}

/** The `lifecycle` option of a "with maintenance" Memory: today's keys, plus `consolidate` when available. */
export function maintenanceLifecycle(withConsolidation = consolidationAvailable()): LifecycleOptions {
  const { lifecycle, consolidate } = maintenancePolicy;
  // Today's checkLifecycleOptions refuses unknown keys, so `consolidate` is added only behind the feature check.
  return (withConsolidation ? { ...lifecycle, consolidate } : { ...lifecycle }) as LifecycleOptions;
}
