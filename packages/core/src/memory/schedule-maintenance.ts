import { InvalidArgumentError } from "../errors/index.js";
import type { ScopeSelector } from "../types.js";
import { parseDuration } from "./lifecycle-options.js";
import type { MaintainReport, MaintainSettings } from "./maintain.js";
import type { Memory } from "./memory.js";

/** Options of `scheduleMaintenance()`. */
export interface ScheduleMaintenanceOptions extends Omit<MaintainSettings, "dryRun"> {
  /** How often to run, e.g. "1h" or milliseconds. */
  every: string | number;
  /** The scopes to maintain, one run each. @default every scope (`{ anyScope: true }`) */
  scopes?: ScopeSelector[];
  /** Told about a run that failed (the next run still happens). @default the error is dropped */
  onError?: (error: unknown) => void;
  /** Told after each completed round over the scopes. */
  onRun?: (reports: MaintainReport[]) => void;
}

/** A running maintenance schedule. */
export interface MaintenanceSchedule {
  /** Stops the schedule; resolves when a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `memory.maintain()` over the given scopes every `every`, in a long-lived process (for cron jobs and
 * queues, call `memory.maintain()` yourself). Runs never overlap; the timer does not keep the process alive.
 * @example
 * const schedule = scheduleMaintenance(memory, { every: "1h", archive: [{ unaccessedFor: "180d" }] });
 * // … on shutdown
 * await schedule.stop();
 */
export function scheduleMaintenance(
  memory: Memory,
  options: ScheduleMaintenanceOptions,
): MaintenanceSchedule {
  if (typeof options !== "object" || options === null)
    throw new InvalidArgumentError({ argument: "options", message: 'expected { every: "1h", … }.' });
  const every = parseDuration(options.every, "options.every");
  const { every: _every, scopes, onError, onRun, ...settings } = options;
  const targets: Array<ScopeSelector | { anyScope: true }> = scopes?.length ? scopes : [{ anyScope: true }];
  let running: Promise<void> | undefined;
  let stopped = false;
  const round = async () => {
    const reports: MaintainReport[] = [];
    for (const scope of targets) {
      if (stopped) return;
      reports.push(await memory.maintain({ ...scope, ...settings } as Parameters<Memory["maintain"]>[0]));
    }
    onRun?.(reports);
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = round()
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        running = undefined;
      });
  }, every);
  timer.unref?.();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
