import { createHashingEmbedder, createInMemoryStore, type MemoryStore, StoreError } from "@engram/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../src/index.js";
import { countMemories, keys, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    bodyLimit: 4096,
    memory: (tenant) => ({
      embedder: createHashingEmbedder(),
      actor: `server:${tenant.id}`,
      extraction: {
        beforeWrite: (candidate) => (candidate.memory.includes("FORBIDDEN") ? false : undefined),
      },
    }),
  });
});
afterAll(async () => {
  await server.close();
});

async function add(text: string, userId = "alice") {
  const answer = await server.call("/v1/memories", { json: { text, userId } });
  expect(answer.status).toBe(200);
  return answer.body.results[0].id as string;
}

describe("400 invalid_argument", () => {
  it("refuses malformed JSON, wrong types, missing fields and unknown options, writing nothing", async () => {
    const before = await countMemories(server);
    const cases: Array<[string, Parameters<TestServer["call"]>[1], string]> = [
      ["/v1/memories", { body: '{"text": "x",', headers: { "content-type": "application/json" } }, "body"],
      ["/v1/memories", { json: ["not", "an", "object"] }, "body"],
      ["/v1/memories", { json: { text: 42, userId: "alice" } }, "text"],
      ["/v1/memories", { json: { userId: "alice" } }, "messages"],
      ["/v1/memories", { json: { text: "x", messages: "y", userId: "alice" } }, "messages"],
      ["/v1/memories", { json: { text: "x", userId: "alice", infr: true } }, "options.infr"],
      ["/v1/memories", { json: { text: "x", user_id: "alice" } }, "options.user_id"],
      ["/v1/memories", { json: { text: "x" } }, "options"],
      ["/v1/memories", { json: { text: "x", userId: "alice", importance: "high" } }, "importance"],
      ["/v1/memories/search", { json: { userId: "alice" } }, "query"],
      ["/v1/memories/search", { json: { query: "x", userId: "alice", limit: -1 } }, "options.limit"],
      ["/v1/memories/search", { json: { query: "x", userId: "alice", explian: true } }, "options.explian"],
      ["/v1/context", { json: { query: "x", userId: "alice" } }, "tokenBudget"],
      ["/v1/consolidate", { json: { userId: "alice", dryrun: true } }, "options.dryrun"],
    ];
    for (const [path, call, argument] of cases) {
      const answer = await server.call(path, call);
      expect(answer.status, `${path} ${JSON.stringify(call)}`).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_argument", argument });
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    expect(await countMemories(server)).toBe(before);
  });

  it("refuses malformed query parameters", async () => {
    for (const [query, argument] of [
      ["userId=alice&limit=ten", "limit"],
      ["userId=alice&includeInvalid=yes", "includeInvalid"],
      ["userId=alice&filters=%7Bnot-json", "filters"],
      ["userId=alice&colour=red", "options.colour"],
      ["", "options"],
    ]) {
      const answer = await server.call(`/v1/memories?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_argument", argument });
    }
  });

  it("asks for JSON when the content type is missing (415)", async () => {
    const answer = await server.call("/v1/memories", { body: '{"text":"x","userId":"alice"}' });
    expect(answer.status).toBe(415);
    expect(answer.body.error.code).toBe("unsupported_media_type");
  });
});

describe("413 payload_too_large", () => {
  it("refuses a body over the limit, by Content-Length and when chunked", async () => {
    const before = await countMemories(server);
    const big = JSON.stringify({ text: "x".repeat(5000), userId: "alice" });
    const answer = await server.call("/v1/memories", {
      body: big,
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe("payload_too_large");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await fetch(`${server.url}/v1/memories`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.acme}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await countMemories(server)).toBe(before);
  });

  it("accepts a chunked body under the limit", async () => {
    const body = JSON.stringify({ text: "chunked but small", userId: "alice" });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 10)));
        controller.enqueue(new TextEncoder().encode(body.slice(10)));
        controller.close();
      },
    });
    const answer = await fetch(`${server.url}/v1/memories`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.acme}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(answer.status).toBe(200);
  });
});

describe("404 not_found", () => {
  it("answers for unknown ids and unknown routes", async () => {
    const read = await server.call("/v1/memories/no-such-id?userId=alice");
    expect(read.status).toBe(404);
    expect(read.body.error).toMatchObject({ code: "not_found", memoryId: "no-such-id" });
    const update = await server.call("/v1/memories/no-such-id", {
      method: "PATCH",
      json: { memory: "x", userId: "alice" },
    });
    expect(update.body.error.code).toBe("not_found");
    const route = await server.call("/v1/nothing-here");
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe("not_found");
  });
});

describe("409 version_conflict", () => {
  it("refuses a stale If-Match with the current version", async () => {
    const id = await add("I live in Lisbon");
    await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I live in Porto", userId: "alice" },
    });
    const stale = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I live in Faro", userId: "alice" },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "version_conflict", memoryId: id, currentVersion: 2 });
    const current = await server.call(`/v1/memories/${id}?userId=alice`);
    expect(current.body.memory).toBe("I live in Porto");
    const fresh = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I live in Faro", userId: "alice" },
      headers: { "if-match": current.headers.get("etag")! },
    });
    expect(fresh.status).toBe(200);
  });

  it("takes expectedVersion from the body or the query, and refuses a mismatch with If-Match", async () => {
    const id = await add("I have two bikes");
    const body = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I have three bikes", userId: "alice", expectedVersion: 5 },
    });
    expect(body.status).toBe(409);
    const deleted = await server.call(`/v1/memories/${id}?userId=alice&expectedVersion=7`, {
      method: "DELETE",
    });
    expect(deleted.status).toBe(409);
    const archived = await server.call(`/v1/memories/${id}/archive`, {
      json: { userId: "alice" },
      headers: { "if-match": "3" },
    });
    expect(archived.status).toBe(409);
    const mismatch = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "x", userId: "alice", expectedVersion: 1 },
      headers: { "if-match": '"2"' },
    });
    expect(mismatch.status).toBe(400);
    const malformed = await server.call(`/v1/memories/${id}?userId=alice`, {
      method: "DELETE",
      headers: { "if-match": "W/abc" },
    });
    expect(malformed.body.error).toMatchObject({ code: "invalid_argument", argument: "If-Match" });
    expect((await server.call(`/v1/memories/${id}?userId=alice`)).body.version).toBe(1);
  });
});

describe("403 write_rejected", () => {
  it("answers when the beforeWrite hook vetoes an update", async () => {
    const id = await add("I like plain text");
    const answer = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "FORBIDDEN content", userId: "alice" },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: "write_rejected", memoryId: id });
    // The tenant's Memory options came from the function form of `memory`.
    const history = await server.call(`/v1/memories/${id}/history?userId=alice`);
    expect(history.body.results[0].actor).toBe("server:acme");
  });
});

describe("server errors", () => {
  let failing: TestServer;
  const entries: RequestLogEntry[] = [];
  let failure: "none" | "crash" | "store" = "none";

  beforeAll(async () => {
    failing = await startTestServer({
      logger: (entry) => entries.push(entry),
      createStore: () => {
        const store = createInMemoryStore();
        return new Proxy(store, {
          get(target, property) {
            const value = Reflect.get(target, property);
            if (property !== "search" || typeof value !== "function") {
              return typeof value === "function" ? value.bind(target) : value;
            }
            return (...args: unknown[]) => {
              if (failure === "crash") throw new Error("disk /secret/path/memory.db exploded");
              if (failure === "store")
                throw new StoreError({ store: "in-memory", message: "down at /secret" });
              return value.apply(target, args);
            };
          },
        }) as MemoryStore;
      },
    });
  });
  afterAll(async () => {
    await failing.close();
  });

  it("answers 500 internal without leaking the cause, and logs it", async () => {
    failure = "crash";
    const answer = await failing.call("/v1/memories/search", { json: { query: "x", userId: "alice" } });
    failure = "none";
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: { code: "internal", message: "Internal server error." } });
    expect(JSON.stringify(answer.body)).not.toContain("secret");
    const logged = entries.find((entry) => entry.status === 500);
    expect(logged).toMatchObject({ method: "POST", path: "/v1/memories/search", tenant: "acme" });
    expect(String(logged?.error)).toContain("exploded");
  });

  it("answers 503 store_unavailable for a StoreError", async () => {
    failure = "store";
    const answer = await failing.call("/v1/memories/search", { json: { query: "x", userId: "alice" } });
    failure = "none";
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("store_unavailable");
    expect(JSON.stringify(answer.body)).not.toContain("secret");
  });

  it("logs one entry per request, without the key", async () => {
    entries.length = 0;
    await failing.call("/v1/health", { key: null });
    await failing.call("/v1/memories?userId=alice");
    await failing.call("/v1/memories?userId=alice", { key: "not-a-key-000000000000000" });
    expect(entries.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ["GET", "/v1/health", 200],
      ["GET", "/v1/memories", 200],
      ["GET", "/v1/memories", 401],
    ]);
    expect(entries[1]).toMatchObject({ tenant: "acme", keyName: "acme-admin" });
    expect(JSON.stringify(entries)).not.toContain(keys.acme);
  });
});
