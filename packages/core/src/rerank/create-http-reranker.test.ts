import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError, RerankError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import type { RerankCandidate } from "../retrieval/reranker.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { createHttpReranker } from "./create-http-reranker.js";

interface Received {
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A rerank service on 127.0.0.1 that answers each request with `answer(body)` (status 200 unless given). */
async function startService(answer: (body: Record<string, unknown>) => { status?: number; json: unknown }) {
  const received: Received[] = [];
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    request.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push({ url: request.url ?? "", headers: request.headers, body });
      const { status, json } = answer(body);
      response.writeHead(status ?? 200, { "content-type": "application/json" });
      response.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received };
}

/** Scores documents by how often "allergy" appears, like a cross-encoder that understood the query. */
const allergyFirst = (documents: string[]) =>
  documents.map((document, index) => ({
    index,
    score: document.includes("allergy") ? 0.9 : 0.1 / (index + 1),
  }));

const alice = { userId: "alice" };
const texts = ["Peanut butter on toast", "Has a severe peanut allergy", "Grows peanut plants"];

async function seeded(reranker: ReturnType<typeof createHttpReranker>) {
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder(),
    retrieval: { reranker },
  });
  for (const text of texts) await memory.add(text, alice);
  return memory;
}

describe("createHttpReranker", () => {
  it("speaks the Cohere-style /rerank format: model, query, documents in; results by index out", async () => {
    const service = await startService((body) => ({
      json: {
        results: allergyFirst(body.documents as string[])
          .sort((a, b) => b.score - a.score)
          .map(({ index, score }) => ({ index, relevance_score: score })),
      },
    }));
    const reranker = createHttpReranker({
      url: `${service.url}/v2/rerank`,
      model: "rerank-v3.5",
      headers: { authorization: "Bearer test-key" },
    });
    const memory = await seeded(reranker);
    const { results } = await memory.search("what is my peanut allergy", {
      ...alice,
      limit: 1,
      explain: true,
    });
    expect(results.map((item) => item.memory)).toEqual(["Has a severe peanut allergy"]);
    expect(results[0]!.rerankScore).toBe(0.9);
    expect(results[0]!.explanation!.rerank!.reranker).toBe(`http:${new URL(service.url).host}`);
    expect(service.received).toHaveLength(1);
    const [request] = service.received;
    expect(request!.url).toBe("/v2/rerank");
    expect(request!.headers.authorization).toBe("Bearer test-key");
    expect(request!.body).toMatchObject({ model: "rerank-v3.5", query: "what is my peanut allergy" });
    expect((request!.body.documents as string[]).sort()).toEqual([...texts].sort());
  });

  it("speaks the TEI format: query and texts in, [{ index, score }] out", async () => {
    const service = await startService((body) => ({ json: allergyFirst(body.texts as string[]) }));
    const memory = await seeded(createHttpReranker({ url: `${service.url}/rerank`, api: "tei" }));
    const { results } = await memory.search("peanut", { ...alice, limit: 1 });
    expect(results.map((item) => item.memory)).toEqual(["Has a severe peanut allergy"]);
    expect(Object.keys(service.received[0]!.body).sort()).toEqual(["query", "texts"]);
  });

  it("turns an HTTP error or a wrong shape into a RerankError, and the search falls back to the fused order", async () => {
    const candidates: RerankCandidate[] = [{ id: "a", memory: "one", type: "fact", score: 1 }];
    const signal = new AbortController().signal;
    const failing = await startService(() => ({ status: 503, json: { error: "warming up" } }));
    const reranker = createHttpReranker({ url: `${failing.url}/rerank` });
    const error = await Promise.resolve(reranker.rerank("q", candidates, { signal, limit: 1 })).catch(
      (caught: unknown) => caught,
    );
    expect(RerankError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/HTTP 503.*warming up/u);
    const memory = await seeded(reranker);
    const { results } = await memory.search("peanut", { ...alice, explain: true });
    expect(results).toHaveLength(3);
    expect(results[0]!.explanation!.rerank!.fallback).toMatch(/HTTP 503/u);

    server!.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const wrong = await startService(() => ({ json: { scores: [1] } }));
    const confused = createHttpReranker({ url: wrong.url });
    await expect(Promise.resolve(confused.rerank("q", candidates, { signal, limit: 1 }))).rejects.toThrow(
      /does not have the \{ results: \[\{ index, relevance_score \}\] \} shape/u,
    );
  });

  it("refuses a URL that is not absolute", () => {
    expect(() => createHttpReranker({ url: "/rerank" })).toThrow(InvalidArgumentError);
  });
});
