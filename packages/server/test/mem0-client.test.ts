import { MemoryClient } from "mem0ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
let client: MemoryClient;
const clientFor = (apiKey: string) => new MemoryClient({ apiKey, host: server.url });

beforeAll(async () => {
  server = await startTestServer();
  client = clientFor(keys.acme);
});
afterAll(async () => {
  await server.close();
});

async function addVerbatim(text: string, userId: string, metadata?: Record<string, unknown>) {
  const answer = (await client.add([{ role: "user", content: text }], {
    userId,
    infer: false,
    ...(metadata ? { metadata } : {}),
  })) as unknown as { results: Array<{ id: string; event: string; memory: string }> };
  return answer.results[0]!;
}

describe("the real mem0ai MemoryClient against the server", () => {
  it("pings with the key and learns the tenant as its org and project", async () => {
    await client.ping();
    // The client keeps them private; Mem0's platform answers its org and project here.
    const identity = client as unknown as { organizationId: string; projectId: string };
    expect(identity.organizationId).toBe("acme");
    expect(identity.projectId).toBe("acme");
  });

  it("adds verbatim and with inference (Mem0's default)", async () => {
    const verbatim = await addVerbatim("I am vegetarian", "m-add", { source: "chat" });
    expect(verbatim).toMatchObject({ event: "ADD", memory: "I am vegetarian" });
    const again = await addVerbatim("I am vegetarian", "m-add");
    expect(again.event).toBe("NOOP");
    const inferred = (await client.add([{ role: "user", content: "I live in Lisbon" }], {
      userId: "m-add",
    })) as unknown as { results: Array<{ event: string; data: { memory: string } }> };
    expect(inferred.results.length).toBeGreaterThan(0);
    expect(inferred.results[0]!.data.memory).toEqual(expect.any(String));
  });

  it("searches with v3 filters, top_k, metadata and dates", async () => {
    await addVerbatim("I love hiking in the Alps", "m-search", { topic: "sport" });
    await addVerbatim("I cook ramen on Sundays", "m-search", { topic: "food" });
    const { results } = await client.search("hiking Alps", { filters: { user_id: "m-search" }, topK: 1 });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ memory: "I love hiking in the Alps", userId: "m-search" });
    expect(results[0]!.score).toEqual(expect.any(Number));
    const filtered = await client.search("hiking or ramen", {
      filters: {
        AND: [
          { user_id: "m-search" },
          { metadata: { topic: "food" } },
          { created_at: { gte: "2000-01-01" } },
        ],
      },
    });
    expect(filtered.results.map((item) => item.memory)).toEqual(["I cook ramen on Sundays"]);
    const either = await client.search("hiking or ramen", {
      filters: {
        user_id: "m-search",
        OR: [{ categories: { in: ["fact"] } }, { metadata: { topic: "none" } }],
      },
    });
    expect(either.results).toHaveLength(2);
  });

  it("lists page by page with count, next and previous", async () => {
    for (const text of ["first note", "second note", "third note"]) await addVerbatim(text, "m-list");
    const first = await client.getAll({ filters: { user_id: "m-list" }, page: 1, pageSize: 2 });
    expect(first.count).toBe(3);
    expect(first.results).toHaveLength(2);
    expect(first.next).toContain("page=2");
    expect(first.previous).toBeNull();
    const second = await client.getAll({ filters: { user_id: "m-list" }, page: 2, pageSize: 2 });
    expect(second.results).toHaveLength(1);
    expect(second.next).toBeNull();
    expect(new Set([...first.results, ...second.results].map((item) => item.memory))).toEqual(
      new Set(["first note", "second note", "third note"]),
    );
  });

  it("reads, updates, shows history and deletes one memory", async () => {
    const { id } = await addVerbatim("I drive a red car", "m-byid");
    expect(await client.get(id)).toMatchObject({ id, memory: "I drive a red car", userId: "m-byid" });
    const updated = (await client.update(id, {
      text: "I drive a blue car",
      metadata: { checked: true },
    })) as unknown;
    expect(updated).toMatchObject({ id, memory: "I drive a blue car", metadata: { checked: true } });
    const history = await client.history(id);
    expect(history.map((entry) => entry.event)).toEqual(["ADD", "UPDATE"]);
    expect(history[1]).toMatchObject({ oldMemory: "I drive a red car", newMemory: "I drive a blue car" });
    expect(await client.delete(id)).toMatchObject({ message: expect.any(String) });
    await expect(client.get(id)).rejects.toMatchObject({ name: "MemoryNotFoundError" });
  });

  it("deletes everything of a user (deleteAll and deleteUsers)", async () => {
    await addVerbatim("note one", "m-wipe");
    await addVerbatim("note two", "m-wipe-2");
    await client.deleteAll({ userId: "m-wipe" });
    expect((await client.getAll({ filters: { user_id: "m-wipe" } })).count).toBe(0);
    await client.deleteUsers({ userId: "m-wipe-2" });
    expect((await client.getAll({ filters: { user_id: "m-wipe-2" } })).count).toBe(0);
  });

  it("updates and deletes in batches, and takes feedback", async () => {
    const a = await addVerbatim("batch a", "m-batch");
    const b = await addVerbatim("batch b", "m-batch");
    await client.batchUpdate([
      { memoryId: a.id, text: "batch a, changed" },
      { memoryId: b.id, text: "batch b, changed" },
    ]);
    expect((await client.get(a.id)).memory).toBe("batch a, changed");
    const feedback = await client.feedback({
      memoryId: a.id,
      feedback: "NEGATIVE" as never,
      feedbackReason: "wrong",
    });
    expect(feedback).toMatchObject({ memoryId: a.id, feedback: "NEGATIVE" });
    await client.batchDelete([a.id, b.id]);
    expect((await client.getAll({ filters: { user_id: "m-batch" } })).count).toBe(0);
  });
});

describe("keys and tenants through the Mem0 routes", () => {
  it("refuses a wrong key with the client's AuthenticationError", async () => {
    const intruder = clientFor("wrong-key-000000000000000000");
    await expect(intruder.getAll({ filters: { user_id: "alice" } })).rejects.toMatchObject({
      name: "AuthenticationError",
    });
  });

  it("keeps tenants apart by id and by search", async () => {
    const { id } = await addVerbatim("acme only", "m-tenant");
    const globex = clientFor(keys.globex);
    await expect(globex.get(id)).rejects.toMatchObject({ name: "MemoryNotFoundError" });
    expect((await globex.search("acme only", { filters: { user_id: "m-tenant" } })).results).toEqual([]);
  });

  it("pins a user's key to that user and keeps read-only keys from writing", async () => {
    const bob = await addVerbatim("bob's secret", "bob");
    const alice = clientFor(keys.alice);
    const added = (await alice.add([{ role: "user", content: "alice via mem0" }], {
      infer: false,
    })) as unknown as {
      results: Array<{ id: string }>;
    };
    expect((await client.get(added.results[0]!.id)).userId).toBe("alice");
    await expect(alice.get(bob.id)).rejects.toMatchObject({ name: "MemoryNotFoundError" });
    await expect(alice.search("secret", { filters: { user_id: "bob" } })).rejects.toMatchObject({
      name: "AuthenticationError",
    });
    const reader = clientFor(keys.reader);
    await expect(reader.add([{ role: "user", content: "nope" }], { userId: "alice" })).rejects.toMatchObject({
      name: "AuthenticationError",
    });
    expect((await reader.get(bob.id)).memory).toBe("bob's secret");
  });

  it("refuses what Engram cannot honour instead of dropping it", async () => {
    await expect(client.search("x", { filters: { app_id: "my-app" } })).rejects.toMatchObject({
      name: "ValidationError",
    });
    await expect(
      client.search("x", { filters: { user_id: "alice", keywords: { icontains: "x" } } }),
    ).rejects.toMatchObject({ name: "ValidationError" });
    await expect(
      client.add([{ role: "user", content: "x" }], { userId: "alice", customInstructions: "be terse" }),
    ).rejects.toMatchObject({ name: "ValidationError" });
  });
});
