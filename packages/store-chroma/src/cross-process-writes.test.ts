import { createHashingEmbedder, Memory, StoreError } from "@engram/core";
import { listAll } from "@engram/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../test/open-test-store.js";
import { type Child, spawnChild } from "../test/spawn-child.js";
import { type ChromaTestServer, startChromaServer } from "./testing.js";

let server: ChromaTestServer;
const scope = { userId: "shared-user" };

beforeAll(async () => {
  server = await startChromaServer();
});

afterAll(async () => {
  await server?.stop();
});

const newPrefix = (name: string) =>
  `${name}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Starts two race workers, lets them go at the same moment, and returns their printed events. */
async function race(argumentsOf: (worker: string) => object): Promise<Array<Array<Record<string, unknown>>>> {
  const workers: Child[] = ["one", "two"].map((worker) =>
    spawnChild("./race-worker.ts", { connection: server.connection, worker, ...argumentsOf(worker) }),
  );
  const deadline = Date.now() + 60_000;
  while (workers.some((worker) => !worker.lines.some((line) => line.includes('"ready"')))) {
    if (Date.now() > deadline)
      throw new Error(`workers did not start: ${workers.map((w) => w.stderr()).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const worker of workers) worker.process.stdin?.end("go\n");
  const results = await Promise.all(workers.map((worker) => worker.exited));
  for (const [index, result] of results.entries()) expect(result.code, workers[index]!.stderr()).toBe(0);
  return workers.map((worker) => worker.lines.map((line) => JSON.parse(line) as Record<string, unknown>));
}

async function openMemory(prefix: string) {
  const store = openTestStore(server, prefix, { retries: 5, retryDelayMs: 50 });
  const memory = new Memory({ store, embedder: createHashingEmbedder({ dimensions: 32 }) });
  return { store, memory };
}

/** Write claims and journals left in the state collection (none once every write has finished). */
async function leftovers(store: Awaited<ReturnType<typeof openMemory>>["store"]) {
  const state = await store.client.getCollection({ name: store.collections.state });
  const found = await state.get({ where: { kind: { $in: ["claim", "journal", "journal-part"] } } });
  return found.ids;
}

/** Checks that a memory's history is one unbroken chain: every change starts from the previous one's result. */
function expectUnbrokenChain(
  history: Array<{ event: string; previousValue: string | null; newValue: string | null }>,
) {
  for (let index = 1; index < history.length; index++) {
    expect(history[index]!.previousValue, `history entry ${index}`).toBe(history[index - 1]!.newValue);
  }
}

describe("two processes writing one Chroma memory at the same moment", () => {
  it("adding the same 50 texts: each is stored once, and the process that lost the race is told it was known", async () => {
    const prefix = newPrefix("dup");
    const texts = Array.from(
      { length: 50 },
      (_, index) => `Shared fact number ${index}: the user owns ${index} plants`,
    );
    const events = await race(() => ({ prefix, mode: "add", texts }));
    const { store, memory } = await openMemory(prefix);
    const stored = await listAll(store, scope);
    expect(stored.map((record) => record.memory).sort()).toEqual([...texts].sort());
    const idOf = new Map(stored.map((record) => [record.memory, record.id]));
    for (const text of texts) {
      const outcomes = events.flatMap((lines) =>
        lines
          .filter((line) => line.text === text)
          .flatMap((line) => line.events as Array<{ event: string; id: string }>),
      );
      // One ADD and one NONE naming the stored memory: neither process was told something false.
      expect(outcomes.map((outcome) => outcome.event).sort(), text).toEqual(["ADD", "NONE"]);
      expect(
        outcomes.every((outcome) => outcome.id === idOf.get(text)),
        text,
      ).toBe(true);
    }
    expect(await leftovers(store)).toEqual([]);
    await memory.close();
  }, 120_000);

  it("updating one memory without expectedVersion: no update is lost and history's 'before' is always true", async () => {
    const prefix = newPrefix("upd");
    const { store, memory } = await openMemory(prefix);
    const [added] = (await memory.add("initial text", { ...scope, infer: false })).results;
    const count = 12;
    const events = await race(() => ({ prefix, mode: "update", memoryId: added!.id, count }));
    const acknowledged = events.flatMap((lines) => lines.map((line) => line.updated).filter(Boolean));
    expect(acknowledged).toHaveLength(2 * count);
    const current = await memory.get(added!.id, scope);
    expect(current!.version).toBe(1 + 2 * count);
    const history = await memory.history(added!.id, scope);
    expect(history.map((entry) => entry.event)).toEqual(["ADD", ...Array(2 * count).fill("UPDATE")]);
    expectUnbrokenChain(history);
    expect(
      history
        .slice(1)
        .map((entry) => entry.newValue)
        .sort(),
    ).toEqual([...acknowledged].sort());
    expect(current!.memory).toBe(history.at(-1)!.newValue);
    expect(await leftovers(store)).toEqual([]);
    await memory.close();
  }, 120_000);

  it("updating one memory with expectedVersion: each version is won by exactly one process, losers get a conflict", async () => {
    const prefix = newPrefix("exp");
    const { store, memory } = await openMemory(prefix);
    const [added] = (await memory.add("initial text", { ...scope, infer: false })).results;
    const count = 10;
    const events = await race(() => ({ prefix, mode: "update-expected", memoryId: added!.id, count }));
    const wins = events.flatMap((lines) => lines.filter((line) => line.updated));
    expect(wins).toHaveLength(2 * count);
    // Two successful writes never started from the same version.
    const bases = wins.map((win) => win.basedOn as number).sort((a, b) => a - b);
    expect(bases).toEqual(Array.from({ length: 2 * count }, (_, index) => index + 1));
    const history = await memory.history(added!.id, scope);
    expect(history).toHaveLength(1 + 2 * count);
    expectUnbrokenChain(history);
    expect((await memory.get(added!.id, scope))!.version).toBe(1 + 2 * count);
    expect(await leftovers(store)).toEqual([]);
    await memory.close();
  }, 120_000);
});

describe("write claims", () => {
  async function plantClaim(prefix: string, id: string, owner: string, created: number) {
    const { store, memory } = await openMemory(prefix);
    const state = await store.client.getCollection({ name: store.collections.state });
    await state.add({ ids: [id], embeddings: [[1]], metadatas: [{ kind: "claim", owner, created }] });
    return { store, memory };
  }

  it("a write waits for a live claim, then fails clearly after claimWaitMs and changes nothing", async () => {
    const prefix = newPrefix("held");
    const setup = await openMemory(prefix);
    const [added] = (await setup.memory.add("the original", { ...scope, infer: false })).results;
    await setup.memory.close();
    const { store } = await plantClaim(prefix, `c:v:${added!.id}:2`, "someone-alive", Date.now());
    const impatient = openTestStore(server, prefix, { journal: { claimWaitMs: 300 } });
    const memory = new Memory({ store: impatient, embedder: createHashingEmbedder({ dimensions: 32 }) });
    const started = Date.now();
    const error = await memory
      .update(added!.id, { memory: "changed" }, scope)
      .catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/Another writer has held a write claim/u);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const [record] = await store.get([added!.id], scope);
    expect(record!.memory).toBe("the original");
    expect(record!.version).toBe(1);
    await memory.close();
    await store.close();
  }, 60_000);

  it("a claim left by a writer that died before journaling is taken over after journal.graceMs", async () => {
    const prefix = newPrefix("dead");
    const setup = await openMemory(prefix);
    const [added] = (await setup.memory.add("the original", { ...scope, infer: false })).results;
    await setup.memory.close();
    const { store } = await plantClaim(prefix, `c:v:${added!.id}:2`, "died-long-ago", Date.now() - 60_000);
    const memory = new Memory({
      store: openTestStore(server, prefix, { journal: { graceMs: 30_000, claimWaitMs: 5000 } }),
      embedder: createHashingEmbedder({ dimensions: 32 }),
    });
    await memory.update(added!.id, { memory: "changed" }, scope);
    const [record] = await store.get([added!.id], scope);
    expect(record!.memory).toBe("changed");
    expect(record!.version).toBe(2);
    expect(await leftovers(store)).toEqual([]);
    await memory.close();
    await store.close();
  }, 60_000);

  it("a claim of a batch whose journal is still there is not taken over (its replay releases it)", async () => {
    const prefix = newPrefix("jour");
    const setup = await openMemory(prefix);
    const [added] = (await setup.memory.add("the original", { ...scope, infer: false })).results;
    await setup.memory.close();
    const { store } = await plantClaim(prefix, `c:v:${added!.id}:2`, "journaled-owner", Date.now() - 60_000);
    const state = await store.client.getCollection({ name: store.collections.state });
    // A journal that names the claim's owner, young enough that nobody replays it yet.
    await state.add({
      ids: ["j:999999999999999-000000001-deadbeef"],
      embeddings: [[1]],
      metadatas: [{ kind: "journal", created: Date.now() + 3_600_000, parts: 0, claims: "journaled-owner" }],
    });
    const memory = new Memory({
      store: openTestStore(server, prefix, { journal: { graceMs: 30_000, claimWaitMs: 300 } }),
      embedder: createHashingEmbedder({ dimensions: 32 }),
    });
    const error = await memory
      .update(added!.id, { memory: "changed" }, scope)
      .catch((caught: unknown) => caught);
    expect(StoreError.isInstance(error)).toBe(true);
    expect((await store.get([added!.id], scope))[0]!.memory).toBe("the original");
    await memory.close();
    await store.close();
  }, 60_000);

  it("claims of a writer that died mid-batch are released by the process that completes its journal", async () => {
    const prefix = newPrefix("died");
    const setup = await openMemory(prefix);
    const [added] = (await setup.memory.add("the original", { ...scope, infer: false })).results;
    await setup.memory.close();
    const dying = new Memory({
      store: openTestStore(server, prefix, {
        _internal: {
          onWriteStep: (step) => {
            if (step === "memories-upserted") throw new Error("the process died here");
          },
        },
      }),
      embedder: createHashingEmbedder({ dimensions: 32 }),
    });
    await expect(dying.update(added!.id, { memory: "changed by the dead writer" }, scope)).rejects.toThrow(
      /journaled in Chroma/u,
    );
    const { store } = await openMemory(prefix);
    const state = await store.client.getCollection({ name: store.collections.state });
    // It held the version it was writing and the deduplication key of the text.
    const held = (await state.get({ where: { kind: "claim" } })).ids.sort();
    expect(held).toEqual([expect.stringMatching(/^c:u:[0-9a-f]{64}$/u), `c:v:${added!.id}:2`]);
    // Another process, after the grace period (0 here), completes the batch and can then write the memory.
    const survivor = new Memory({
      store: openTestStore(server, prefix, {
        journal: { graceMs: 0, checkIntervalMs: 0, claimWaitMs: 2000 },
      }),
      embedder: createHashingEmbedder({ dimensions: 32 }),
    });
    await survivor.update(added!.id, { memory: "changed by the survivor" }, scope);
    const history = await survivor.history(added!.id, scope);
    expect(history.map((entry) => entry.newValue)).toEqual([
      "the original",
      "changed by the dead writer",
      "changed by the survivor",
    ]);
    expectUnbrokenChain(history);
    expect(await leftovers(store)).toEqual([]);
    await survivor.close();
    await store.close();
  }, 60_000);

  it("counting reads (touch) never writes over a version a writer is changing: it skips that memory", async () => {
    const prefix = newPrefix("touch");
    const setup = await openMemory(prefix);
    const [added] = (await setup.memory.add("the original", { ...scope, infer: false })).results;
    await setup.memory.close();
    const { store } = await plantClaim(prefix, `c:v:${added!.id}:2`, "a-writer", Date.now());
    const at = new Date().toISOString();
    await store.touch([{ id: added!.id, count: 3, at }]);
    expect((await store.get([added!.id], null))[0]!.accessCount).toBeUndefined(); // skipped while claimed
    const state = await store.client.getCollection({ name: store.collections.state });
    await state.delete({ ids: [`c:v:${added!.id}:2`] });
    await store.touch([{ id: added!.id, count: 3, at }]);
    const [counted] = await store.get([added!.id], null);
    expect([counted!.accessCount, counted!.lastAccessedAt, counted!.version]).toEqual([3, at, 1]);
    expect(await leftovers(store)).toEqual([]);
    await store.close();
  }, 60_000);
});
