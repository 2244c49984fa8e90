// One run of the lifecycle benchmark: a simulated user's year fed to a Memory on SQLite, one add() per message at
// the message's simulated time, with questions at checkpoints and (optionally) maintenance every 30 days.
import path from "node:path";
import { type Embedder, Memory, type MemoryStore } from "@engram/core";
import { createSqliteStore } from "@engram/core/sqlite";
import { askAsOf, askCurrent, countActive } from "./ask-questions.js";
import type { Session, SimulatedUser } from "./generator.js";
import { maintenanceLifecycle, maintenancePolicy } from "./maintenance-policy.js";
import { createTally, tallyAdd } from "./metrics.js";
import { asOfDates, asOfQuestions, currentQuestions } from "./questions.js";
import { emptyCounts, type ExtractionMode, type RunResult } from "./run-result.js";
import { ScriptedOracleModel } from "./scripted-model.js";
import { getOrCreate } from "./get-or-create.js";

/** What one run needs. */
export interface RunConfig {
  /** The simulated user. */
  user: SimulatedUser;
  /** Extraction mode. */
  mode: ExtractionMode;
  /** Configure the lifecycle policy and call maintain() every `maintenancePolicy.everyDays`. */
  maintenance: boolean;
  /** Pass lifecycle.consolidate (only when core has consolidate()). */
  consolidation: boolean;
  /** The embedder (shared between runs). */
  embedder: Embedder;
  /** A scratch folder for the SQLite file. */
  directory: string;
  /** Sessions between checkpoints. @default 30 */
  checkpointEvery?: number;
  /** Opens the store. @default SQLite (`@engram/core/sqlite`, default durability) at `file` */
  createStore?: (file: string) => MemoryStore;
}

const dayMs = 86_400_000;

/** Counts the steps of a maintenance or consolidation report by kind, whatever its shape. */
function tallyReport(done: Record<string, number>, report: unknown): boolean {
  const value = report as {
    archived?: unknown[];
    purged?: number;
    steps?: Array<{ op: string; status?: string }>;
    consolidation?: { steps?: Array<{ op: string; status?: string }> };
  };
  if (Array.isArray(value.archived)) done.archived = (done.archived ?? 0) + value.archived.length;
  if (typeof value.purged === "number") done.purged = (done.purged ?? 0) + value.purged;
  const steps = value.steps ?? value.consolidation?.steps;
  for (const step of steps ?? [])
    if (!step.status || step.status === "applied") done[step.op] = (done[step.op] ?? 0) + 1;
  return steps !== undefined;
}

async function maintain(memory: Memory, config: RunConfig, result: RunResult): Promise<void> {
  const userId = config.user.userId;
  const began = performance.now();
  const consolidated = tallyReport(result.maintenanceDone, await memory.maintain({ userId }));
  // If maintain() does not run the consolidation step itself, run it next to it (and time both together).
  const consolidate = (memory as { consolidate?: (options: { userId: string }) => Promise<unknown> })
    .consolidate;
  if (config.consolidation && !consolidated && consolidate)
    tallyReport(result.maintenanceDone, await consolidate.call(memory, { userId }));
  result.maintenanceMs.push(performance.now() - began);
}

function emptyResult(config: RunConfig): RunResult {
  return {
    userId: config.user.userId,
    mode: config.mode,
    maintenance: config.maintenance,
    consolidation: config.maintenance && config.consolidation,
    messages: 0,
    active: [],
    current: emptyCounts(),
    currentBySlot: {},
    currentByQuestion: {},
    staleExamples: [],
    asOf: emptyCounts(),
    asOfBySlot: {},
    contextTokens: [],
    contextMemories: [],
    maintenanceMs: [],
    maintenanceDone: {},
    extraction: createTally(),
    addMs: 0,
    wallMs: 0,
  };
}

function modelUse(model: ScriptedOracleModel): NonNullable<RunResult["model"]> {
  const calls: Record<string, number> = {};
  const promptTokens: Record<string, number[]> = {};
  for (const call of model.calls) {
    calls[call.format] = (calls[call.format] ?? 0) + 1;
    getOrCreate(promptTokens, call.format, () => [] as number[]).push(call.promptTokens);
  }
  return { calls, promptTokens, counts: { ...model.counts } };
}

/** A run in progress: its Memory, model, simulated clock and results so far. */
interface Running {
  config: RunConfig;
  memory: Memory;
  model: ScriptedOracleModel | undefined;
  clock: { now: number };
  result: RunResult;
}

/** Adds a session's messages one by one, each at its own simulated time, and tallies what was extracted. */
async function feedSession(running: Running, session: Session): Promise<void> {
  const { memory, model, clock, result } = running;
  for (const message of session.messages) {
    clock.now = new Date(message.at).getTime();
    model?.expect([message]);
    const began = performance.now();
    const added = await memory.add([{ role: "user", content: message.text }], {
      userId: running.config.user.userId,
      infer: true,
    });
    result.addMs += performance.now() - began;
    result.messages++;
    tallyAdd(result.extraction, message, added.results);
  }
}

/** After a session: counts active memories and asks the current-value questions. */
async function checkpoint(running: Running, session: Session, every: number): Promise<void> {
  const { memory, clock, result, config } = running;
  const done = session.index + 1;
  clock.now = new Date(session.messages.at(-1)?.at ?? session.at).getTime() + 60_000;
  result.active.push({ checkpoint: done, ...(await countActive(memory, config.user.userId)) });
  const at = new Date(clock.now).toISOString();
  const questions = currentQuestions(config.user, done, at, (done / every) % 2 === 0 ? 1 : 0);
  await askCurrent(memory, config.user.userId, questions, result);
}

function openMemory(config: RunConfig, model: ScriptedOracleModel | undefined, clock: { now: number }) {
  const file = `${config.user.userId}-${config.mode}-${config.maintenance ? "with" : "without"}.db`;
  const location = path.join(config.directory, file);
  let ids = 0;
  const store = config.createStore ? config.createStore(location) : createSqliteStore({ path: location });
  const memory = new Memory({
    store,
    embedder: config.embedder,
    ...(model ? { llm: model } : {}),
    ...(config.maintenance ? { lifecycle: maintenanceLifecycle(config.consolidation) } : {}),
    // Ids from a counter, not random UUIDs: ties in ranking break by id, so a run must not depend on chance.
    _internal: { now: () => new Date(clock.now), generateId: () => `id-${String(++ids).padStart(8, "0")}` },
  });
  return { store, memory };
}

/** Runs a simulated user's year through a fresh Memory on SQLite and measures it. */
export async function runUser(config: RunConfig): Promise<RunResult> {
  const started = performance.now();
  const { user } = config;
  const clock = { now: new Date(user.start).getTime() };
  const model = config.mode === "oracle" ? new ScriptedOracleModel() : undefined;
  const { store, memory } = openMemory(config, model, clock);
  const running: Running = { config, memory, model, clock, result: emptyResult(config) };
  const every = config.checkpointEvery ?? 30;
  const period = maintenancePolicy.everyDays * dayMs;
  let nextMaintenance = new Date(user.start).getTime() + period;
  try {
    for (const session of user.sessions) {
      for (
        ;
        config.maintenance && new Date(session.at).getTime() >= nextMaintenance;
        nextMaintenance += period
      ) {
        clock.now = nextMaintenance;
        await maintain(memory, config, running.result);
      }
      await feedSession(running, session);
      if ((session.index + 1) % every === 0) await checkpoint(running, session, every);
    }
    await askAsOf(memory, user.userId, asOfQuestions(user, asOfDates(user)), running.result);
  } finally {
    await memory.close();
    await store.close?.(); // a store passed in is the caller's to close
  }
  if (model) running.result.model = modelUse(model);
  running.result.wallMs = performance.now() - started;
  return running.result;
}
