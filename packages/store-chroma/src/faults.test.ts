import { createServer } from "node:http";
import { type HistoryEntry, type MemoryRecord, StoreError } from "@engram/core";
import { listAll, makeHistory, makeRecord } from "@engram/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../test/open-test-store.js";
import { spawnChild } from "../test/spawn-child.js";
import { createChromaStore } from "./chroma-store.js";
import type { ChromaStoreOptions, ChromaWriteStep } from "./chroma-store-options.js";
import { type ChromaTestServer, freePort, startChromaServer } from "./testing.js";

let server: ChromaTestServer;
let count = 0;
const run = Date.now().toString(36);
const nextPrefix = () => `f${run}-${++count}`;

const open = (prefix: string, overrides: ChromaStoreOptions = {}) => openTestStore(server, prefix, overrides);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(StoreError.isInstance(error), `expected a StoreError, got ${String(error)}`).toBe(true);
  return error as Error;
}

/** Memories and history agree: every ADD in history has its memory and every memory has its ADD. */
async function expectConsistent(prefix: string, userId: string) {
  const store = open(prefix, { journal: { graceMs: 0, checkIntervalMs: 0 } });
  const memories = await listAll(store, { userId }, true);
  for (const record of memories)
    expect(
      (await (await store.history({ memoryId: record.id, scope: null })).entries).map((entry) => entry.event),
    ).toContain("ADD");
  await store.close();
  return memories;
}

beforeAll(async () => {
  server = await startChromaServer();
});

afterEach(async () => {
  server.resume();
  if (server.pid === undefined) await server.restart(); // a failed test must not leave the server down
});

afterAll(async () => {
  await server?.stop();
});

describe("an unreachable server", () => {
  it("fails with a clear StoreError after the configured retries, backing off between them", async () => {
    const port = await freePort(); // nothing listens there
    const store = createChromaStore({
      host: "127.0.0.1",
      port,
      collectionPrefix: "nowhere",
      retries: 3,
      retryDelayMs: 100,
    });
    const started = Date.now();
    const error = await failure(store.list({ scope: { userId: "u" }, limit: 5 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(500); // about 100 + 200 + 400 ms of backoff
    expect(error.message).toMatch(/^\[engram\] \[chroma\] Could not .*after 4 attempts/u);
    expect(error.message).toContain(`server at http://127.0.0.1:${port} is running and reachable`);
  });

  it("retries a server that answers 503 exactly as often as configured", async () => {
    let requests = 0;
    const http = createServer((_request, response) => {
      requests += 1;
      response
        .writeHead(503, { "content-type": "application/json" })
        .end('{"error":"overloaded","message":"overloaded"}');
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as { port: number };
    const store = createChromaStore({
      host: "127.0.0.1",
      port,
      collectionPrefix: "busy",
      retries: 2,
      retryDelayMs: 10,
    });
    const error = await failure(store.getMeta("embedder"));
    expect(requests).toBe(3);
    expect(error.message).toMatch(/after 3 attempts/u);
    await new Promise((resolve) => http.close(resolve));
  });

  it("times out on a frozen server, then works again once it thaws", async () => {
    const store = open(nextPrefix(), { requestTimeoutMs: 300, retries: 1 });
    await store.setMeta("k", "v");
    server.pause();
    const error = await failure(store.getMeta("k"));
    expect(error.message).toMatch(/after 2 attempts \(no answer within 300 ms\)/u);
    server.resume();
    expect(await store.getMeta("k")).toBe("v");
  });

  it("reports a server killed mid-run, and the same store carries on after a restart", async () => {
    const store = open(nextPrefix());
    const record = makeRecord("before the crash", { userId: "k" });
    await store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] });
    await server.kill();
    await failure(store.get([record.id], null));
    await server.restart();
    expect((await store.get([record.id], null))[0]?.memory).toBe("before the crash");
  });
});

describe("a server killed in the middle of a batch", () => {
  const steps: ChromaWriteStep[] = ["journal-written", "memories-upserted", "memories-deleted"];

  it.each(steps)(
    "after %s: the write fails clearly and the batch is completed after a restart",
    async (step) => {
      const prefix = nextPrefix();
      const old = makeRecord("old fact", { userId: "crash" });
      const setup = open(prefix);
      await setup.write({ upserts: [old], deletes: [], history: [makeHistory(old)] });
      let armed = true;
      const store = open(prefix, {
        _internal: {
          onWriteStep: async (current) => {
            if (armed && current === step) {
              armed = false;
              await server.kill();
            }
          },
        },
      });
      const added = makeRecord("new fact", { userId: "crash" });
      const history: HistoryEntry[] = [makeHistory(old, "DELETE"), makeHistory(added)];
      const error = await failure(
        store.write({ upserts: [added], deletes: [{ id: old.id, version: old.version }], history }),
      );
      expect(error.message).toMatch(/The batch is journaled in Chroma.*store.recover\(\)/u);
      await server.restart();
      // Another process (a fresh store) completes it on its first read.
      const other = open(prefix, { journal: { graceMs: 0 } });
      expect((await listAll(other, { userId: "crash" }, true)).map((record) => record.memory)).toEqual([
        "new fact",
      ]);
      expect(
        (await (await other.history({ memoryId: old.id, scope: null })).entries).map((entry) => entry.event),
      ).toEqual(["ADD", "DELETE"]);
      expect(
        (await (await other.history({ memoryId: added.id, scope: null })).entries).map(
          (entry) => entry.event,
        ),
      ).toEqual(["ADD"]);
      // The writer itself has nothing left to do, and no journal remains.
      expect(await store.recover()).toEqual({ replayed: 0, failed: [] });
    },
  );

  it("after history-written: the write succeeds (all data is in) and the leftover journal is removed later", async () => {
    const prefix = nextPrefix();
    let armed = true;
    const store = open(prefix, {
      _internal: {
        onWriteStep: async (step) => {
          if (armed && step === "history-written") {
            armed = false;
            await server.kill();
          }
        },
      },
    });
    const record = makeRecord("fully written", { userId: "late" });
    await store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] });
    await server.restart();
    const state = await store.client.getCollection({ name: store.collections.state });
    expect((await state.get({ where: { kind: "journal" } })).ids).toHaveLength(1);
    expect(
      (await (await store.history({ memoryId: record.id, scope: null })).entries).map((entry) => entry.event),
    ).toEqual(["ADD"]);
    expect((await state.get({ where: { kind: "journal" } })).ids).toEqual([]);
  });

  it("the writer completes its own unfinished batch on its next operation", async () => {
    const prefix = nextPrefix();
    let armed = true;
    const store = open(prefix, {
      _internal: {
        onWriteStep: async (step) => {
          if (armed && step === "memories-upserted") {
            armed = false;
            await server.kill();
          }
        },
      },
    });
    const record = makeRecord("half written", { userId: "own" });
    await failure(store.write({ upserts: [record], deletes: [], history: [makeHistory(record)] }));
    await server.restart();
    expect(
      (await (await store.history({ memoryId: record.id, scope: null })).entries).map((entry) => entry.event),
    ).toEqual(["ADD"]);
  });
});

describe("a writer process that dies mid-batch", () => {
  it("leaves a journal that another process completes, but only after the grace period", async () => {
    const prefix = nextPrefix();
    const writer = spawnChild("./writer-process.ts", {
      connection: server.connection,
      prefix,
      userId: "died",
      mode: "crash",
      step: "memories-upserted",
    });
    expect((await writer.exited).signal, writer.stderr()).toBe("SIGKILL");
    const id = (JSON.parse(writer.lines[0]!) as { writing: string }).writing;
    const patient = open(prefix); // default grace: the writer might still be alive
    expect((await patient.get([id], null)).map((record) => record.id)).toEqual([id]);
    expect(await (await patient.history({ memoryId: id, scope: null })).entries).toEqual([]); // half-applied, for now
    expect(await patient.recover({ graceMs: 60_000 })).toEqual({ replayed: 0, failed: [] });
    expect(await patient.recover()).toEqual({ replayed: 1, failed: [] });
    expect(
      (await (await patient.history({ memoryId: id, scope: null })).entries).map((entry) => entry.event),
    ).toEqual(["ADD"]);
  });

  it("random server crashes during a stream of writes lose no acknowledged write", async () => {
    const prefix = nextPrefix();
    const writer = spawnChild("./writer-process.ts", {
      connection: server.connection,
      prefix,
      userId: "stream",
      mode: "stream",
    });
    const deadline = Date.now() + 20_000;
    const wanted = 15 + Math.floor(Math.random() * 15);
    while (writer.lines.filter((line) => line.includes("acked")).length < wanted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
    }
    await server.kill();
    await writer.exited;
    await server.restart();
    const events = writer.lines.map(
      (line) => JSON.parse(line) as { acked?: string; failed?: string; message?: string },
    );
    const acked = events.flatMap((event) => (event.acked ? [event.acked] : []));
    const failed = events.find((event) => event.failed);
    expect(acked.length).toBeGreaterThanOrEqual(wanted);
    expect(failed?.message).toMatch(/\[engram\] \[chroma\]/u);
    const memories = await expectConsistent(prefix, "stream");
    const ids = memories.map((record: MemoryRecord) => record.id);
    for (const id of acked) expect(ids.filter((present) => present === id)).toHaveLength(1);
    // The one unacknowledged write is either complete or absent, never half there.
    expect(ids.length - acked.length).toBeLessThanOrEqual(1);
  });
});
