import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countMemories, keys, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
let aliceMemory: string;
let bobMemory: string;
beforeAll(async () => {
  server = await startTestServer();
  const alice = await server.call("/v1/memories", { json: { text: "Alice likes tea", userId: "alice" } });
  const bob = await server.call("/v1/memories", { json: { text: "Bob likes coffee", userId: "bob" } });
  aliceMemory = alice.body.results[0].id;
  bobMemory = bob.body.results[0].id;
});
afterAll(async () => {
  await server.close();
});

describe("authentication", () => {
  it("accepts Bearer and Mem0's Token scheme", async () => {
    for (const authorization of [`Bearer ${keys.acme}`, `Token ${keys.acme}`, `token ${keys.acme}`]) {
      const answer = await server.call("/v1/memories?userId=alice", { headers: { authorization } });
      expect(answer.status, authorization).toBe(200);
    }
  });

  it("answers 401 without a key, with a wrong key or another scheme, and writes nothing", async () => {
    const before = await countMemories(server);
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: "Bearer wrong-key-00000000000000000" },
      { authorization: `Basic ${keys.acme}` },
      { authorization: keys.acme },
      { authorization: `Bearer ${keys.acme.slice(0, -1)}` },
    ];
    for (const headers of attempts) {
      const added = await server.call("/v1/memories", {
        key: null,
        headers,
        json: { text: "intruder was here", userId: "alice" },
      });
      expect(added.status).toBe(401);
      expect(added.body.error.code).toBe("unauthorized");
      expect(added.headers.get("www-authenticate")).toContain("Bearer");
      const deleted = await server.call("/v1/memories?userId=alice", {
        key: null,
        headers,
        method: "DELETE",
      });
      expect(deleted.status).toBe(401);
      const read = await server.call(`/v1/memories/${aliceMemory}?userId=alice`, { key: null, headers });
      expect(read.status).toBe(401);
      expect(read.body.error).not.toHaveProperty("memory");
    }
    expect(await countMemories(server)).toBe(before);
  });

  it("answers health and the OpenAPI document without a key", async () => {
    expect((await server.call("/v1/health", { key: null })).body).toMatchObject({ status: "ok" });
    expect((await server.call("/openapi.json", { key: null })).status).toBe(200);
  });
});

describe("tenants", () => {
  it("gives each tenant its own SQLite file", () => {
    expect(existsSync(path.join(server.dataDir, "tenants", "acme", "memory.db"))).toBe(true);
  });

  it("cannot see another tenant's memories by id, list or search", async () => {
    const byId = await server.call(`/v1/memories/${aliceMemory}?userId=alice`, { key: keys.globex });
    expect(byId.status).toBe(404);
    const anyScope = await server.call(`/v1/memories/${aliceMemory}?anyScope=true`, { key: keys.globex });
    expect(anyScope.status).toBe(404);
    const list = await server.call("/v1/memories?userId=alice", { key: keys.globex });
    expect(list.body.results).toEqual([]);
    const search = await server.call("/v1/memories/search", {
      key: keys.globex,
      json: { query: "Alice likes tea", userId: "alice" },
    });
    expect(search.body.results).toEqual([]);
    const update = await server.call(`/v1/memories/${aliceMemory}`, {
      key: keys.globex,
      method: "PATCH",
      json: { memory: "overwritten", anyScope: true },
    });
    expect(update.status).toBe(404);
    expect(existsSync(path.join(server.dataDir, "tenants", "globex", "memory.db"))).toBe(true);
    const own = await server.call(`/v1/memories/${aliceMemory}?userId=alice`);
    expect(own.body.memory).toBe("Alice likes tea");
  });

  it("keeps a tenant's writes in its own store", async () => {
    await server.call("/v1/memories", { key: keys.globex, json: { text: "Globex secret", userId: "alice" } });
    const acme = await server.call("/v1/memories/search", {
      json: { query: "Globex secret", userId: "alice" },
    });
    expect(acme.body.results.map((item: { memory: string }) => item.memory)).not.toContain("Globex secret");
    expect(await countMemories(server, "userId=alice", keys.globex)).toBe(1);
  });
});

describe("keys pinned to a user", () => {
  it("fills in the pinned user when the request names none", async () => {
    const added = await server.call("/v1/memories", {
      key: keys.alice,
      json: { text: "Alice reads novels" },
    });
    expect(added.status).toBe(200);
    const stored = await server.call(`/v1/memories/${added.body.results[0].id}?userId=alice`);
    expect(stored.body.userId).toBe("alice");
    const list = await server.call("/v1/memories", { key: keys.alice });
    expect(list.body.results.every((item: { userId: string }) => item.userId === "alice")).toBe(true);
    const archived = await server.call(`/v1/memories/${added.body.results[0].id}/archive`, {
      key: keys.alice,
      method: "POST",
    });
    expect(archived.status).toBe(200);
  });

  it("refuses requests naming another user with 403 and changes nothing", async () => {
    const before = await countMemories(server, "userId=bob");
    const attempts = [
      server.call("/v1/memories", { key: keys.alice, json: { text: "Bob is mean", userId: "bob" } }),
      server.call("/v1/memories?userId=bob", { key: keys.alice, method: "DELETE" }),
      server.call("/v1/memories?userId=bob", { key: keys.alice }),
      server.call("/v1/memories/search", { key: keys.alice, json: { query: "coffee", userId: "bob" } }),
      server.call(`/v1/memories/${bobMemory}?anyScope=true`, { key: keys.alice }),
      server.call(`/v1/memories/${bobMemory}`, {
        key: keys.alice,
        method: "PATCH",
        json: { memory: "x", userId: "bob" },
      }),
      server.call("/v1/consolidate", { key: keys.alice, json: { anyScope: true } }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
    }
    expect(await countMemories(server, "userId=bob")).toBe(before);
  });

  it("cannot reach another user's memory by id", async () => {
    const read = await server.call(`/v1/memories/${bobMemory}`, { key: keys.alice });
    expect(read.status).toBe(404);
    const deleted = await server.call(`/v1/memories/${bobMemory}`, { key: keys.alice, method: "DELETE" });
    expect(deleted.status).toBe(404);
    expect((await server.call(`/v1/memories/${bobMemory}?userId=bob`)).status).toBe(200);
  });

  it("pins agents the same way", async () => {
    const added = await server.call("/v1/memories", {
      key: keys.planner,
      json: { text: "Prefer morning meetings", userId: "alice" },
    });
    expect(added.status).toBe(200);
    const stored = await server.call(`/v1/memories/${added.body.results[0].id}?userId=alice`);
    expect(stored.body.agentId).toBe("planner");
    const other = await server.call("/v1/memories", {
      key: keys.planner,
      json: { text: "x", userId: "alice", agentId: "someone-else" },
    });
    expect(other.status).toBe(403);
  });
});

describe("read-only keys", () => {
  it("read but do not write", async () => {
    const before = await countMemories(server);
    expect((await server.call("/v1/memories?userId=alice", { key: keys.reader })).status).toBe(200);
    expect(
      (
        await server.call("/v1/memories/search", {
          key: keys.reader,
          json: { query: "tea", userId: "alice" },
        })
      ).status,
    ).toBe(200);
    const dryRun = await server.call("/v1/consolidate", {
      key: keys.reader,
      json: { userId: "alice", dryRun: true },
    });
    expect(dryRun.status).toBe(200);
    const writes = [
      server.call("/v1/memories", { key: keys.reader, json: { text: "nope", userId: "alice" } }),
      server.call("/v1/events", {
        key: keys.reader,
        json: { event: { kind: "event", name: "x" }, userId: "alice" },
      }),
      server.call(`/v1/memories/${aliceMemory}`, {
        key: keys.reader,
        method: "PATCH",
        json: { memory: "x", userId: "alice" },
      }),
      server.call(`/v1/memories/${aliceMemory}?userId=alice`, { key: keys.reader, method: "DELETE" }),
      server.call("/v1/memories?userId=alice", { key: keys.reader, method: "DELETE" }),
      server.call(`/v1/memories/${aliceMemory}/archive`, { key: keys.reader, json: { userId: "alice" } }),
      server.call(`/v1/memories/${aliceMemory}/feedback`, {
        key: keys.reader,
        json: { helpful: true, userId: "alice" },
      }),
      server.call("/v1/consolidate", { key: keys.reader, json: { userId: "alice" } }),
      server.call("/v1/maintain", { key: keys.reader, json: { userId: "alice" } }),
      server.call("/v1/purge-expired", { key: keys.reader, json: { userId: "alice" } }),
    ];
    for (const answer of await Promise.all(writes)) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
    }
    expect(await countMemories(server)).toBe(before);
    expect((await server.call(`/v1/memories/${aliceMemory}?userId=alice`)).body).toMatchObject({
      memory: "Alice likes tea",
      version: 1,
    });
  });
});
