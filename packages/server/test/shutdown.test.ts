import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createHashingEmbedder,
  createInMemoryStore,
  InvalidArgumentError,
  type MemoryStore,
} from "@engram/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type ServerOptions } from "../src/index.js";
import { keyOptions, keys } from "./test-server.js";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "engram-server-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A store whose searches wait for `release()` after telling `entered`. */
function gatedStore() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered!: () => void;
  const searching = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let closed = false;
  const store = createInMemoryStore();
  const gated = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (property === "close") {
        return () => {
          closed = true;
          return typeof value === "function" ? value.apply(target) : undefined;
        };
      }
      if (typeof value !== "function") return value;
      if (property === "search") {
        return async (...args: unknown[]) => {
          entered();
          await gate;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  }) as MemoryStore;
  return { store: gated, release, searching, isClosed: () => closed };
}

function options(overrides: Partial<ServerOptions>): ServerOptions {
  return {
    keys: keyOptions,
    dataDir,
    logger: false,
    memory: { embedder: createHashingEmbedder() },
    ...overrides,
  };
}

function search(url: string) {
  return fetch(`${url}/v1/memories/search`, {
    method: "POST",
    headers: { authorization: `Bearer ${keys.acme}`, "content-type": "application/json" },
    body: JSON.stringify({ query: "anything", userId: "alice" }),
  });
}

describe("listen and close", () => {
  it("binds to 127.0.0.1 unless a host is given", async () => {
    const listening = await createServer(options({})).listen(0);
    expect(listening.host).toBe("127.0.0.1");
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    expect(listening.port).toBeGreaterThan(0);
    await listening.close();
  });

  it("finishes a request in flight before closing, then closes the stores", async () => {
    const gated = gatedStore();
    const server = createServer(options({ createStore: () => gated.store, shutdownTimeoutMs: 30_000 }));
    const listening = await server.listen(0);
    // A kept-alive connection with a finished request must not hold the shutdown up.
    expect(
      (
        await fetch(`${listening.url}/v1/memories?userId=alice`, {
          headers: { authorization: `Bearer ${keys.acme}` },
        })
      ).status,
    ).toBe(200);
    const inFlight = search(listening.url);
    await gated.searching;
    const closing = listening.close();
    await expect(fetch(`${listening.url}/v1/health`)).rejects.toThrow();
    expect(gated.isClosed()).toBe(false);
    gated.release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ results: [] });
    await closing;
    expect(gated.isClosed()).toBe(true);
    const after = await server.app.request("/v1/memories?userId=alice", {
      headers: { authorization: `Bearer ${keys.acme}` },
    });
    expect(after.status).toBe(503);
  });

  it("cuts requests still running after shutdownTimeoutMs", async () => {
    const gated = gatedStore();
    const listening = await createServer(
      options({ createStore: () => gated.store, shutdownTimeoutMs: 100 }),
    ).listen(0);
    const inFlight = search(listening.url);
    await gated.searching;
    const started = Date.now();
    await listening.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(inFlight).rejects.toThrow();
    gated.release();
  });

  it("serves without a socket through app.fetch, with the same store per tenant", async () => {
    const server = createServer(options({}));
    const headers = { authorization: `Bearer ${keys.acme}`, "content-type": "application/json" };
    const added = await server.app.request("/v1/memories", {
      method: "POST",
      headers,
      body: JSON.stringify({ text: "in process", userId: "alice" }),
    });
    expect(added.status).toBe(200);
    const listed = await server.app.request("/v1/memories?userId=alice", { headers });
    expect(((await listed.json()) as { results: unknown[] }).results).toHaveLength(1);
    await server.close();
  });
});

describe("configuration", () => {
  it("refuses missing, short, duplicate or malformed keys", () => {
    const cases: Array<[ServerOptions["keys"], string]> = [
      [[], "keys"],
      [[{ key: "short", tenant: "acme" }], "keys[0].key"],
      [[{ key: "spaces are not allowed in keys", tenant: "acme" }], "keys[0].key"],
      [[{ key: keys.acme, tenant: "../etc" }], "keys[0].tenant"],
      [[{ key: keys.acme, tenant: "acme", userId: "" }], "keys[0].userId"],
      [
        [
          { key: keys.acme, tenant: "acme" },
          { key: keys.acme, tenant: "globex" },
        ],
        "keys[1].key",
      ],
    ];
    for (const [keyList, argument] of cases) {
      expect(() => createServer({ keys: keyList, logger: false }), argument).toThrow(
        expect.objectContaining({ argument }),
      );
    }
    expect(() => createServer({ keys: keyOptions, bodyLimit: -1 })).toThrow(InvalidArgumentError);
  });
});
