import { MemoryClient } from "mem0ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const add = async (text: string, scope: Record<string, string>, key: string = keys.acme) => {
    const answer = await server.call("/v1/memories", { key, json: { text, ...scope } });
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  };
  await add("Likes tea", { userId: "alice" });
  await add("Likes coffee", { userId: "alice", agentId: "planner" });
  await add("Plays chess", { userId: "bob" });
  await add("Plays go", { userId: "bob", runId: "r1" });
  await add("Other tenant", { userId: "zed" }, keys.globex);
});
afterAll(async () => {
  await server.close();
});

describe("GET /v1/scopes", () => {
  it("lists the tenant's scopes with counts, filtered and paged", async () => {
    const all = await server.call("/v1/scopes");
    expect(all.status).toBe(200);
    expect(all.body.scopes.map((scope: { counts: { active: number } }) => scope.counts.active)).toEqual([
      1, 1, 1, 1,
    ]);
    expect(all.body.scopes[0]).toMatchObject({ userId: "alice", counts: { total: 1, active: 1 } });
    const bob = await server.call("/v1/scopes?userId=bob");
    expect(bob.body.scopes).toEqual([
      expect.objectContaining({ userId: "bob" }),
      expect.objectContaining({ userId: "bob", runId: "r1" }),
    ]);
    const first = await server.call("/v1/scopes?limit=3");
    expect(first.body.scopes).toHaveLength(3);
    const rest = await server.call(`/v1/scopes?limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body.scopes).toHaveLength(1);
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it("keeps a pinned key to its own user, and refuses bad parameters", async () => {
    const alice = await server.call("/v1/scopes", { key: keys.alice });
    expect(alice.body.scopes.map((scope: { userId: string }) => scope.userId)).toEqual(["alice", "alice"]);
    expect((await server.call("/v1/scopes?userId=bob", { key: keys.alice })).status).toBe(403);
    expect((await server.call("/v1/scopes?tenant=x")).status).toBe(400);
    expect((await server.call("/v1/scopes?limit=0")).status).toBe(400);
    expect((await server.call("/v1/scopes?cursor=nope")).status).toBe(400);
    const globex = await server.call("/v1/scopes", { key: keys.globex });
    expect(globex.body.scopes).toEqual([expect.objectContaining({ userId: "zed" })]);
  });
});

describe("Mem0's GET /v1/entities/", () => {
  it("answers the real mem0ai client's users() with users, agents and runs and their counts", async () => {
    process.env.MEM0_TELEMETRY = "false";
    const client = new MemoryClient({ apiKey: keys.acme, host: server.url });
    const answer = await client.users();
    const byName = Object.fromEntries(
      answer.results.map((entity) => [`${entity.type}:${entity.name}`, entity.totalMemories]),
    );
    expect(byName).toEqual({ "user:alice": 2, "user:bob": 2, "agent:planner": 1, "run:r1": 1 });
    expect(answer.count).toBe(4); // the client turns total_memories into totalMemories
    const paged = await server.call("/v1/entities/?page=2&page_size=3");
    expect(paged.body.results).toHaveLength(1);
    expect(paged.body.previous).toContain("page=1");
    const pinned = await server.call("/v1/entities/", { key: keys.planner });
    expect(pinned.body.results.map((entity: { id: string }) => entity.id).sort()).toEqual([
      "alice",
      "planner",
    ]);
  });
});
