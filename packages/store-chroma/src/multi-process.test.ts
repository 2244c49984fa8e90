import { listAll } from "@engram/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnChild } from "../test/spawn-child.js";
import { createChromaStore } from "./chroma-store.js";
import { type ChromaTestServer, startChromaServer } from "./testing.js";

let server: ChromaTestServer;

beforeAll(async () => {
  server = await startChromaServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("two application processes sharing one Chroma memory", () => {
  it("adding and searching for the same users at the same time: every acknowledged write is there once, with its history", async () => {
    const prefix = `mp${Date.now().toString(36)}`;
    const users = ["alice", "bob", "carol"];
    const count = 24;
    const workers = ["one", "two"].map((worker) =>
      spawnChild("./memory-worker.ts", { connection: server.connection, prefix, worker, users, count }),
    );
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const [index, result] of results.entries()) expect(result.code, workers[index]!.stderr()).toBe(0);

    const acknowledged = new Map<string, string>();
    for (const worker of workers) {
      const events = worker.lines.map(
        (line) => JSON.parse(line) as { userId?: string; added?: string[]; done?: string },
      );
      expect(events.at(-1)?.done).toBeDefined();
      for (const event of events) for (const id of event.added ?? []) acknowledged.set(id, event.userId!);
    }
    expect(acknowledged.size).toBe(2 * count);

    const store = createChromaStore({ ...server.connection, collectionPrefix: prefix });
    const everything = await listAll(store, null, true);
    expect(everything.map((record) => record.id).sort()).toEqual([...acknowledged.keys()].sort());
    for (const user of users) {
      const mine = await listAll(store, { userId: user });
      expect(mine.every((record) => acknowledged.get(record.id) === user)).toBe(true);
      expect(mine).toHaveLength([...acknowledged.values()].filter((owner) => owner === user).length);
    }
    for (const [id, userId] of acknowledged) {
      const history = await (await store.history({ memoryId: id, scope: { userId } })).entries;
      expect(
        history.map((entry) => entry.event),
        id,
      ).toEqual(["ADD"]);
    }
    expect(JSON.parse((await store.getMeta("embedder")) ?? "{}")).toMatchObject({ dimensions: 64 });
    expect(await store.recover()).toEqual({ replayed: 0, failed: [] });
    await store.close();
  });
});
