/** Summary statistics of a set of latency samples, in the samples' unit. */
export interface LatencySummary {
  /** Number of samples. */
  count: number;
  /** Arithmetic mean. */
  mean: number;
  /** Smallest sample. */
  min: number;
  /** Median (linear interpolation between closest ranks). */
  p50: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Largest sample. */
  max: number;
}

/**
 * The p-th percentile (0–100) of ascending-sorted samples, interpolating linearly between the two closest
 * ranks (the "type 7" definition used by numpy and R by default).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile() needs at least one sample.");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}.`);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

/** Summarises samples (in any order) into count, mean, min, p50, p95, p99 and max. */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) throw new RangeError("summarize() needs at least one sample.");
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: total / sorted.length,
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
  };
}
