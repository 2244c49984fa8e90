import cliProgress from "cli-progress";

/** A progress bar on stderr (so `engram export > file` stays clean); silent when stderr is not a terminal. */
export interface Progress {
  /** Sets how far the work has come (and, when it became known, the total). */
  update(value: number, total?: number): void;
  /** Removes nothing: finishes the bar at its last value. */
  stop(): void;
}

/** Starts a progress bar labelled `label` with `total` steps (0 when not known yet). */
export function startProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(value, newTotal) {
      if (newTotal !== undefined && newTotal !== bar.getTotal()) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
