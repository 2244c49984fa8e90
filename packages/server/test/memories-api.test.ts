import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function add(userId: string, text: string, extra: Record<string, unknown> = {}) {
  const answer = await server.call("/v1/memories", { json: { text, userId, ...extra } });
  expect(answer.status).toBe(200);
  return answer.body.results[0] as { id: string; memory: string; event: string };
}

describe("add", () => {
  it("stores text verbatim with the add options", async () => {
    const answer = await server.call("/v1/memories", {
      json: {
        text: "I'm vegetarian",
        userId: "u-add",
        metadata: { topic: "food" },
        type: "preference",
        importance: 0.9,
        expiresAt: "2999-01-01T00:00:00.000Z",
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toMatchObject([{ event: "ADD", memory: "I'm vegetarian" }]);
    const stored = await server.call(`/v1/memories/${answer.body.results[0].id}?userId=u-add`);
    expect(stored.body).toMatchObject({
      type: "preference",
      metadata: { topic: "food" },
      importance: 0.9,
      expiresAt: "2999-01-01T00:00:00.000Z",
      userId: "u-add",
      state: "active",
    });
  });

  it("takes chat messages and reports a known text as NONE", async () => {
    const messages = [{ role: "user", content: "My sister lives in Porto" }];
    const first = await server.call("/v1/memories", { json: { messages, userId: "u-messages" } });
    expect(first.body.results[0]).toMatchObject({ event: "ADD", memory: "My sister lives in Porto" });
    const again = await server.call("/v1/memories", { json: { messages, userId: "u-messages" } });
    expect(again.body.results[0]).toMatchObject({ event: "NONE", id: first.body.results[0].id });
  });

  it('reports a near-duplicate as NONE with what it matched, unless deduplicate is "exact"', async () => {
    const first = await add("u-near", "I really love sushi!");
    const near = await server.call("/v1/memories", { json: { text: "I love sushi.", userId: "u-near" } });
    expect(near.status).toBe(200);
    expect(near.body.results[0]).toMatchObject({
      event: "NONE",
      id: first.id,
      nearDuplicate: { similarity: expect.any(Number) },
    });
    const exact = await server.call("/v1/memories", {
      json: { text: "I love sushi.", userId: "u-near", deduplicate: "exact" },
    });
    expect(exact.body.results[0]).toMatchObject({ event: "ADD", memory: "I love sushi." });
    const different = await add("u-near", "I dislike sushi.");
    expect(different.event).toBe("ADD");
  });

  it("keeps message timestamps as the time memories hold from", async () => {
    const answer = await server.call("/v1/memories", {
      json: {
        messages: [
          { role: "user", content: "We adopted a dog.", timestamp: "2023-05-08T13:56:00Z" },
          { role: "user", content: "His name is Rex." },
        ],
        userId: "u-time",
        timestamp: "2023-05-09T10:00:00Z",
      },
    });
    expect(answer.status).toBe(200);
    const stored = await Promise.all(
      answer.body.results.map((item: { id: string }) => server.call(`/v1/memories/${item.id}?userId=u-time`)),
    );
    expect(stored.map((item) => item.body.validFrom)).toEqual([
      "2023-05-08T13:56:00.000Z",
      "2023-05-09T10:00:00.000Z",
    ]);
    const bad = await server.call("/v1/memories", {
      json: { messages: [{ role: "user", content: "x", timestamp: "yesterday" }], userId: "u-time" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_argument", argument: "messages[0].timestamp" });
  });

  it("extracts with the offline rules when infer is true", async () => {
    const answer = await server.call("/v1/memories", {
      json: { messages: [{ role: "user", content: "I live in Lisbon" }], userId: "u-infer", infer: true },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.length).toBeGreaterThan(0);
    expect(answer.body.results[0].event).toBe("ADD");
  });

  it("records an agent event as an episode", async () => {
    const answer = await server.call("/v1/events", {
      json: {
        event: { kind: "tool", name: "book_table", input: { at: "Nopa" }, output: "booked 19:30" },
        userId: "u-event",
        metadata: { toolCallId: "c1" },
      },
    });
    expect(answer.status).toBe(200);
    const stored = await server.call(`/v1/memories/${answer.body.results[0].id}?userId=u-event`);
    expect(stored.body).toMatchObject({ type: "episode", sources: [{ role: "tool" }] });
  });
});

describe("reads", () => {
  it("searches with explain, limit, filters and types", async () => {
    await add("u-search", "I love hiking in the mountains", { metadata: { topic: "sport" } });
    await add("u-search", "I cook pasta every Friday", { metadata: { topic: "food" } });
    const answer = await server.call("/v1/memories/search", {
      json: { query: "hiking mountains", userId: "u-search", explain: true, limit: 1 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(1);
    expect(answer.body.results[0].memory).toBe("I love hiking in the mountains");
    expect(answer.body.results[0].explanation).toMatchObject({ score: expect.any(Number) });
    const filtered = await server.call("/v1/memories/search", {
      json: {
        query: "hiking or pasta",
        userId: "u-search",
        filters: { "metadata.topic": "food" },
        types: ["fact"],
      },
    });
    expect(filtered.body.results.map((item: { memory: string }) => item.memory)).toEqual([
      "I cook pasta every Friday",
    ]);
    const strict = await server.call("/v1/memories/search", {
      json: { query: "hiking", userId: "u-search", threshold: 0.99 },
    });
    expect(strict.body.results).toEqual([]);
  });

  it("searches what was believed at asOf", async () => {
    const before = new Date(Date.now() - 60_000).toISOString();
    await add("u-asof", "I work at Acme");
    const now = await server.call("/v1/memories/search", { json: { query: "Acme", userId: "u-asof" } });
    expect(now.body.results).toHaveLength(1);
    const then = await server.call("/v1/memories/search", {
      json: { query: "Acme", userId: "u-asof", asOf: before },
    });
    expect(then.body.results).toEqual([]);
  });

  it("lists a scope page by page with the cursor", async () => {
    for (const text of ["one fact", "two facts", "three facts"]) await add("u-list", text);
    const first = await server.call("/v1/memories?userId=u-list&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await server.call(
      `/v1/memories?userId=u-list&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.results).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    const filtered = await server.call(
      `/v1/memories?userId=u-list&types=fact,preference&filters=${encodeURIComponent(JSON.stringify({ memory: "two facts" }))}`,
    );
    expect(filtered.body.results.map((item: { memory: string }) => item.memory)).toEqual(["two facts"]);
  });

  it("reads one memory with its version as ETag", async () => {
    const { id } = await add("u-get", "I have a cat named Miso");
    const answer = await server.call(`/v1/memories/${id}?userId=u-get`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, memory: "I have a cat named Miso", version: 1 });
    expect(answer.headers.get("etag")).toBe('"1"');
  });

  it("builds a context block within a token budget", async () => {
    await add("u-context", "I am allergic to peanuts", { type: "fact" });
    const answer = await server.call("/v1/context", {
      json: { query: "peanuts allergy", userId: "u-context", tokenBudget: 200 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.text).toContain("allergic to peanuts");
    expect(answer.body.ids).toHaveLength(1);
    expect(answer.body.tokens).toBeGreaterThan(0);
  });

  it("returns the history and the export of a scope", async () => {
    const { id } = await add("u-history", "I drive a red car");
    await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I drive a blue car", userId: "u-history" },
    });
    const history = await server.call(`/v1/memories/${id}/history?userId=u-history`);
    expect(history.status).toBe(200);
    expect(history.body.results.map((entry: { event: string }) => entry.event)).toEqual(["ADD", "UPDATE"]);
    const exported = await server.call("/v1/export?userId=u-history");
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ scope: { userId: "u-history" }, memories: [{ id }] });
    expect(exported.body.history).toHaveLength(2);
  });

  it("keeps an access log of reads", async () => {
    await add("u-log", "I like jazz");
    await server.call("/v1/memories/search", { json: { query: "jazz", userId: "u-log", actor: "agent:dj" } });
    const answer = await server.call("/v1/access-log?userId=u-log&limit=10");
    expect(answer.status).toBe(200);
    expect(answer.body.entries).toContainEqual(
      expect.objectContaining({ operation: "search", actor: "agent:dj", query: "jazz" }),
    );
  });
});

describe("writes by id", () => {
  it("updates text and metadata and answers with the new ETag", async () => {
    const { id } = await add("u-update", "I live in Lisbon", { metadata: { source: "chat" } });
    const answer = await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "I live in Porto", metadata: { confidence: 1 }, userId: "u-update", actor: "agent:x" },
      headers: { "if-match": '"1"' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      memory: "I live in Porto",
      metadata: { source: "chat", confidence: 1 },
      version: 2,
    });
    expect(answer.headers.get("etag")).toBe('"2"');
  });

  it("redacts the old text from history", async () => {
    const { id } = await add("u-redact", "my phone is 555-0100");
    await server.call(`/v1/memories/${id}`, {
      method: "PATCH",
      json: { memory: "my phone is on file", userId: "u-redact", redact: true },
    });
    const history = await server.call(`/v1/memories/${id}/history?userId=u-redact`);
    expect(JSON.stringify(history.body)).not.toContain("555-0100");
  });

  it("deletes one memory", async () => {
    const { id } = await add("u-delete", "I own a boat");
    const answer = await server.call(`/v1/memories/${id}?userId=u-delete`, { method: "DELETE" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id, deleted: true });
    expect((await server.call(`/v1/memories/${id}?userId=u-delete`)).status).toBe(404);
  });

  it("deletes every memory of a scope", async () => {
    await add("u-delete-all", "fact one");
    await add("u-delete-all", "fact two");
    const answer = await server.call("/v1/memories?userId=u-delete-all", { method: "DELETE" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ deleted: 2 });
    expect((await server.call("/v1/memories?userId=u-delete-all")).body.results).toEqual([]);
  });

  it("records feedback with a correction", async () => {
    const { id } = await add("u-feedback", "I live in Madrid");
    const answer = await server.call(`/v1/memories/${id}/feedback`, {
      json: { helpful: false, note: "moved", correction: "Moved to Porto in 2025", userId: "u-feedback" },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.memory).toMatchObject({ id, importance: expect.any(Number) });
    expect(answer.body.correctionId).toEqual(expect.any(String));
  });

  it("archives and restores", async () => {
    const { id } = await add("u-archive", "I played chess as a kid");
    const archived = await server.call(`/v1/memories/${id}/archive`, { json: { userId: "u-archive" } });
    expect(archived.status).toBe(200);
    expect(archived.body.state).toBe("archived");
    expect((await server.call("/v1/memories?userId=u-archive")).body.results).toEqual([]);
    const included = await server.call("/v1/memories?userId=u-archive&include=archived");
    expect(included.body.results).toHaveLength(1);
    const restored = await server.call(`/v1/memories/${id}/restore`, { json: { userId: "u-archive" } });
    expect(restored.body.state).toBe("active");
    expect(restored.headers.get("etag")).toBe(`"${restored.body.version}"`);
  });

  it("holds an agent's memories for review: listPending, approve, reject", async () => {
    const first = await add("u-review", "The user prefers window seats", { agentId: "drafter" });
    const second = await add("u-review", "The user hates flying", { agentId: "drafter" });
    const pending = await server.call("/v1/memories/pending?userId=u-review");
    expect(pending.status).toBe(200);
    expect(pending.body.results.map((item: { id: string }) => item.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const approved = await server.call(`/v1/memories/${first.id}/approve`, { json: { userId: "u-review" } });
    expect(approved.body.state).toBe("active");
    const rejected = await server.call(`/v1/memories/${second.id}/reject`, { json: { userId: "u-review" } });
    expect(rejected.body).toEqual({ id: second.id, deleted: true });
    expect((await server.call("/v1/memories/pending?userId=u-review")).body.results).toEqual([]);
  });
});

describe("lifecycle", () => {
  it("purges expired memories", async () => {
    await add("u-purge", "temporary note", { expiresAt: "2000-01-01T00:00:00.000Z" });
    await add("u-purge", "lasting note");
    const answer = await server.call("/v1/purge-expired", { json: { userId: "u-purge" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ purged: 1 });
  });

  it("plans and applies a consolidation", async () => {
    await add("u-consolidate", "I live in Lisbon", { type: "fact" });
    await add("u-consolidate", "I live in Lisbon, Portugal", { type: "fact" });
    const plan = await server.call("/v1/consolidate", { json: { userId: "u-consolidate", dryRun: true } });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, applied: 0, done: true });
    const run = await server.call("/v1/consolidate", {
      json: { userId: "u-consolidate", only: plan.body.steps.map((step: { id: string }) => step.id) },
    });
    expect(run.status).toBe(200);
    expect(run.body.dryRun).toBe(false);
    expect(run.body.applied).toBe(plan.body.steps.length);
  });

  it("runs maintenance, dry and for real", async () => {
    await add("u-maintain", "old note", { expiresAt: "2000-01-01T00:00:00.000Z" });
    const plan = await server.call("/v1/maintain", {
      json: { userId: "u-maintain", dryRun: true, purgeExpiredAfter: "1d", consolidate: false },
    });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, purged: 1 });
    const run = await server.call("/v1/maintain", {
      json: { userId: "u-maintain", purgeExpiredAfter: "1d" },
    });
    expect(run.body).toMatchObject({ dryRun: false, purged: 1 });
  });
});
