import { makeHistory, makeRecord } from "@engram/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChromaStore } from "./chroma-store.js";
import { serializeBatch } from "./journal.js";
import { chunkMetadata, chunksOf, splitUtf8 } from "./metadata-chunks.js";
import { type ChromaTestServer, startChromaServer } from "./testing.js";

describe("metadata chunks", () => {
  it("split text into pieces of at most maxBytes without breaking a character, and join back", () => {
    const text = `plain ${"é".repeat(50)} ${"🦊".repeat(40)} ${"x".repeat(300)}`;
    for (const maxBytes of [4, 5, 7, 64, 4096]) {
      const pieces = splitUtf8(text, maxBytes);
      for (const piece of pieces) expect(Buffer.byteLength(piece, "utf8")).toBeLessThanOrEqual(maxBytes);
      expect(pieces.join("")).toBe(text);
      expect(chunksOf({ kind: "x", ...chunkMetadata(pieces) })).toBe(text);
    }
    expect(splitUtf8("", 10)).toEqual([]);
    expect(chunksOf(undefined)).toBe("");
  });
});

describe("records written by the previous storage format (documents)", () => {
  let server: ChromaTestServer;
  beforeAll(async () => {
    server = await startChromaServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("replays a version-1 journal and reads version-1 history entries", async () => {
    const prefix = `v1${Date.now().toString(36)}`;
    const store = createChromaStore({ ...server.connection, collectionPrefix: prefix });
    await store.getMeta("anything"); // creates the collections
    const state = await store.client.getCollection({ name: store.collections.state });
    const record = makeRecord("written by the old format", { userId: "old" });
    const old = makeRecord("history kept in a document", { userId: "old" });
    const created = Date.now() - 3_600_000;
    const key = `${String(created).padStart(15, "0")}-000000001-0ldf0rma`;
    const entry = makeHistory(old);
    await state.upsert({
      ids: [`j:${key}`, `h:${entry.id}`],
      embeddings: [[1], [1]],
      documents: [
        serializeBatch({ upserts: [record], deletes: [], history: [makeHistory(record)] }),
        JSON.stringify({ v: 1, sequence: `${key}:000000`, entry }),
      ],
      metadatas: [
        { kind: "journal", created, parts: 0 },
        { kind: "history", memory_id: old.id, sequence: `${key}:000000` },
      ],
    });
    expect(await store.recover()).toEqual({ replayed: 1, failed: [] });
    expect((await store.get([record.id], null)).map((found) => found.memory)).toEqual([record.memory]);
    expect(
      (await (await store.history({ memoryId: record.id, scope: null })).entries).map((found) => found.event),
    ).toEqual(["ADD"]);
    expect(await (await store.history({ memoryId: old.id, scope: null })).entries).toEqual([entry]);
    await store.close();
  });
});
