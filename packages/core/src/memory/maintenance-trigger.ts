import { describeValue } from "../validate/describe-value.js";
import { resolveConsolidationPolicy } from "../consolidation/consolidation-options.js";
import { InvalidArgumentError } from "../errors/index.js";
import { hasScope, pickScope, scopeFields } from "../scope.js";
import type { Scope, ScopeSelector } from "../types.js";
import { checkKnownKeys, plainObjectKeys } from "../validate/well-formed.js";
import { checkActor } from "./by-id-writes.js";
import { checkArchivePolicies, parseDuration } from "./lifecycle-options.js";
import type { MaintainReport, MaintainSettings } from "./maintain.js";
import type { Memory } from "./memory.js";

/** Options of `createMaintenanceTrigger()`: how many writes start a run, plus the settings of each run. */
export type MaintenanceTriggerOptions = {
  /** Run maintenance for a scope each time this many writes were recorded for it (a whole number ≥ 1). */
  afterWrites: number;
  /** Told about a run that failed (later runs still happen). @default the error is dropped */
  onError?: (error: unknown, scope: ScopeSelector) => void;
  /** Told after each completed run, with its report and scope. */
  onRun?: (report: MaintainReport, scope: ScopeSelector) => void;
} & Omit<MaintainSettings, "dryRun" | "onProgress">;

/** Runs maintenance in the background after every N writes per scope. */
export interface MaintenanceTrigger {
  /** Counts `count` writes (default 1) in the scope; reaching `afterWrites` starts a background run. */
  recordWrites(scope: ScopeSelector, count?: number): void;
  /** Resolves once no run is in progress or queued. */
  idle(): Promise<void>;
  /** Starts no more runs (queued ones are dropped) and resolves when the running ones have finished. */
  stop(): Promise<void>;
}

const knownKeys = [
  "afterWrites",
  "onError",
  "onRun",
  "archive",
  "purgeExpiredAfter",
  "consolidate",
  "actor",
] as const;

/**
 * Checks the options of `createMaintenanceTrigger()` (unknown keys refused) and returns them; adapters call it
 * with their own argument name, e.g. "options.maintenance".
 */
export function checkMaintenanceTriggerOptions(
  value: unknown,
  argument = "options",
): MaintenanceTriggerOptions {
  plainObjectKeys(
    value,
    argument,
    'an options object such as { afterWrites: 50, archive: [{ unaccessedFor: "180d" }] }',
  );
  checkKnownKeys(value, knownKeys, argument);
  const options = value as MaintenanceTriggerOptions;
  const { afterWrites, onError, onRun, archive, purgeExpiredAfter, consolidate, actor } = options;
  if (typeof afterWrites !== "number" || !Number.isInteger(afterWrites) || afterWrites < 1)
    throw new InvalidArgumentError({
      argument: `${argument}.afterWrites`,
      message: `expected a whole number of writes ≥ 1, e.g. 50, got ${describeValue(afterWrites)}.`,
    });
  for (const [key, callback] of [
    ["onError", onError],
    ["onRun", onRun],
  ] as const)
    if (callback !== undefined && typeof callback !== "function")
      throw new InvalidArgumentError({ argument: `${argument}.${key}`, message: "expected a function." });
  if (archive !== undefined) checkArchivePolicies(archive, `${argument}.archive`);
  if (purgeExpiredAfter !== undefined && purgeExpiredAfter !== false)
    parseDuration(purgeExpiredAfter, `${argument}.purgeExpiredAfter`);
  if (consolidate !== undefined && consolidate !== false)
    resolveConsolidationPolicy(consolidate, `${argument}.consolidate`);
  checkActor(actor, `${argument}.actor`);
  return options;
}

/** One scope's counter and its run loop. */
interface ScopeState {
  scope: ScopeSelector;
  count: number;
  running?: Promise<void>;
  queued: boolean;
}

function checkedScope(value: unknown): ScopeSelector {
  const scope: Scope = pickScope(value, "scope");
  if (!hasScope(scope))
    throw new InvalidArgumentError({
      argument: "scope",
      message: 'recordWrites() needs the scope written to, e.g. trigger.recordWrites({ userId: "alice" }).',
    });
  const copy: Scope = {};
  for (const field of scopeFields) if (scope[field] !== undefined) copy[field] = scope[field];
  return copy as ScopeSelector;
}

/** A callback that throws must not turn into an unhandled rejection or stop the trigger. */
function safely(callback: () => void): void {
  try {
    callback();
  } catch {
    // Dropped on purpose: the trigger runs in the background, with nobody to report to.
  }
}

/**
 * Runs `memory.maintain()` for a scope in the background each time `afterWrites` writes were recorded for it,
 * for adapters and servers that write memories and want maintenance without a cron job. Runs of one scope never
 * overlap: a run asked for while one is running runs once afterwards. Errors go to `onError`, never to the writer.
 * @example
 * const trigger = createMaintenanceTrigger(memory, { afterWrites: 50, archive: [{ unaccessedFor: "180d" }] });
 * await memory.add(turn, { userId: "alice", infer: true });
 * trigger.recordWrites({ userId: "alice" });
 */
export function createMaintenanceTrigger(
  memory: Memory,
  options: MaintenanceTriggerOptions,
): MaintenanceTrigger {
  if (typeof (memory as { maintain?: unknown } | undefined)?.maintain !== "function")
    throw new InvalidArgumentError({
      argument: "memory",
      message: "pass an Engram Memory: createMaintenanceTrigger(memory, { afterWrites: 50 }).",
    });
  const { afterWrites, onError, onRun, ...settings } = checkMaintenanceTriggerOptions(options);
  const states = new Map<string, ScopeState>();
  const active = new Set<Promise<void>>();
  let stopped = false;

  const runLoop = async (key: string, state: ScopeState): Promise<void> => {
    // Yield first, so a write-back that records its writes never runs maintenance on its own stack.
    await Promise.resolve();
    while (state.queued && !stopped) {
      state.queued = false;
      try {
        const report = await memory.maintain({ ...state.scope, ...settings } as Parameters<
          Memory["maintain"]
        >[0]);
        if (onRun) safely(() => onRun(report, state.scope));
      } catch (error) {
        if (onError) safely(() => onError(error, state.scope));
      }
    }
    state.running = undefined;
    state.queued = false;
    if (state.count === 0) states.delete(key);
  };

  const request = (key: string, state: ScopeState) => {
    state.queued = true;
    if (state.running) return; // The running loop picks the request up once its run is over.
    const loop = runLoop(key, state);
    state.running = loop;
    active.add(loop);
    void loop.finally(() => active.delete(loop));
  };

  return {
    recordWrites(scope, count = 1) {
      const selector = checkedScope(scope);
      if (typeof count !== "number" || !Number.isInteger(count) || count < 0)
        throw new InvalidArgumentError({
          argument: "count",
          message: `expected a whole number of writes ≥ 0, got ${describeValue(count)}.`,
        });
      if (stopped || count === 0) return;
      const key = JSON.stringify(scopeFields.map((field) => selector[field] ?? null));
      let state = states.get(key);
      if (!state) {
        state = { scope: selector, count: 0, queued: false };
        states.set(key, state);
      }
      state.count += count;
      if (state.count < afterWrites) return;
      state.count = 0;
      request(key, state);
    },
    async idle() {
      while (active.size > 0) await Promise.all([...active]);
    },
    async stop() {
      stopped = true;
      while (active.size > 0) await Promise.all([...active]);
    },
  };
}

/** An adapter's write-back opt-ins, checked: whether to record tool calls as episodes, and its maintenance trigger. */
export interface WriteBackOptIns {
  /** Record the turn's tool calls as episodes (`addEvent`). */
  episodes: boolean;
  /** The trigger of `maintenance: { afterWrites, … }`, when given. */
  maintenance: MaintenanceTrigger | undefined;
}

/**
 * Checks the `episodes` and `maintenance` options every adapter's write-back takes (errors name `options.…`) and
 * starts the maintenance trigger, so the adapters only translate their framework's turns.
 */
export function writeBackOptIns(
  memory: Memory,
  options: { episodes?: unknown; maintenance?: unknown },
): WriteBackOptIns {
  if (options.episodes !== undefined && typeof options.episodes !== "boolean")
    throw new InvalidArgumentError({ argument: "options.episodes", message: "expected true or false." });
  return {
    episodes: options.episodes === true,
    maintenance:
      options.maintenance === undefined
        ? undefined
        : createMaintenanceTrigger(
            memory,
            checkMaintenanceTriggerOptions(options.maintenance, "options.maintenance"),
          ),
  };
}
