import type { Reranker } from "@engram/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const calls: number[] = [];
// Puts the shortest memory first, so reranked and fused orders differ.
const reranker: Reranker = {
  name: "shortest",
  rerank: (_query, candidates) => {
    calls.push(candidates.length);
    return candidates.map(({ id, memory }) => ({ id, score: -memory.length }));
  },
};

beforeAll(async () => {
  server = await startTestServer({
    memory: { retrieval: { reranker, policies: { brief: { limit: 1, rerank: false } } } },
  });
  for (const text of ["Hiking in the Alps every summer with friends", "Hiking in the Alps", "Alps"]) {
    await server.call("/v1/memories", { json: { messages: text, userId: "r-user" } });
  }
});
afterAll(async () => {
  await server.close();
});

const search = (json: Record<string, unknown>) =>
  server.call("/v1/memories/search", { json: { query: "hiking in the Alps", userId: "r-user", ...json } });

describe("reranking and policies through the HTTP API", () => {
  it("passes rerank, policy and explain through to core", async () => {
    const reranked = await search({ explain: true });
    expect(reranked.status).toBe(200);
    expect(reranked.body.results[0].memory).toBe("Alps");
    expect(reranked.body.results[0].explanation.rerank).toMatchObject({
      reranker: "shortest",
      applied: true,
    });
    const fused = await search({ rerank: false });
    expect(fused.body.results[0].memory).toBe("Hiking in the Alps");
    const brief = await search({ policy: "brief", explain: true });
    expect(brief.body.results).toHaveLength(1);
    expect(brief.body.results[0].explanation.policy).toMatchObject({ name: "brief", source: "call" });
    const unknown = await search({ policy: "breif" });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/did you mean \\"brief\\"/u);
  });

  it("honours Mem0's rerank flag instead of ignoring it", async () => {
    const before = calls.length;
    const mem0 = (rerank: boolean) =>
      server.call("/v2/memories/search/", {
        json: { query: "hiking in the Alps", filters: { user_id: "r-user" }, rerank },
      });
    const skipped = await mem0(false);
    expect(skipped.status).toBe(200);
    expect(calls.length).toBe(before);
    expect(skipped.body.results[0].memory).toBe("Hiking in the Alps");
    const reranked = await mem0(true);
    expect(calls.length).toBe(before + 1);
    expect(reranked.body.results[0].memory).toBe("Alps");
  });
});
