import { createInMemoryStore, EngramError, Memory } from "@engram/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  embeddings,
  type FakeOpenAIServer,
  type FakeReply,
  failure,
  type RecordedRequest,
  startFakeOpenAI,
} from "../test/fake-openai-server.js";
import { createOpenAIEmbedder } from "./openai-embedder.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (reply: (request: RecordedRequest, index: number) => FakeReply) => {
  server = await startFakeOpenAI(reply);
  return server;
};
/** Two-dimensional "embeddings": [length of the text, number of spaces]. */
const fakeVectors = (incoming: RecordedRequest) =>
  (incoming.body.input as string[]).map((text) => [text.length, text.split(" ").length - 1]);

describe("createOpenAIEmbedder", () => {
  it("embeds texts as floats, in input order even when the server reorders them", async () => {
    const { baseURL, requests } = await start((incoming) => embeddings(fakeVectors(incoming), true));
    const embedder = createOpenAIEmbedder({ model: "nomic-embed-text", dimensions: 2, baseURL });
    expect(await embedder.embed(["a b", "hello"])).toEqual([
      [3, 1],
      [5, 0],
    ]);
    expect(requests[0]!.url).toBe("/v1/embeddings");
    expect(requests[0]!.body).toEqual({
      model: "nomic-embed-text",
      input: ["a b", "hello"],
      encoding_format: "float",
    });
    expect(embedder.name).toBe("openai:nomic-embed-text");
    expect(await embedder.embed([])).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("knows OpenAI's dimensions and sends a shortened size to text-embedding-3 models", async () => {
    const { baseURL, requests } = await start((incoming) =>
      embeddings((incoming.body.input as string[]).map(() => new Array(256).fill(0.1))),
    );
    expect(createOpenAIEmbedder({ baseURL }).dimensions).toBe(1536);
    expect(createOpenAIEmbedder({ model: "text-embedding-3-large", baseURL }).dimensions).toBe(3072);
    const short = createOpenAIEmbedder({ model: "text-embedding-3-small", dimensions: 256, baseURL });
    expect((await short.embed(["x"]))[0]).toHaveLength(256);
    expect(requests[0]!.body.dimensions).toBe(256);
  });

  it("explains wrong vector lengths, missing dimensions, short answers and server errors", async () => {
    const { baseURL } = await start((incoming, index) =>
      index === 0
        ? embeddings(fakeVectors(incoming))
        : index === 1
          ? embeddings([[1, 2]])
          : failure(503, "loading model", { "retry-after-ms": "5" }),
    );
    expect(() => createOpenAIEmbedder({ model: "mxbai-embed-large", baseURL })).toThrow(/pass dimensions/);
    const embedder = createOpenAIEmbedder({ model: "all-minilm", dimensions: 384, baseURL, maxRetries: 1 });
    await expect(embedder.embed(["a"])).rejects.toThrow(
      /returned vectors of length 2, but dimensions is 384/,
    );
    const two = createOpenAIEmbedder({ model: "all-minilm", dimensions: 2, baseURL, maxRetries: 1 });
    await expect(two.embed(["a", "b"])).rejects.toThrow(/returned something that is not 2 embeddings/);
    const error = await Promise.resolve(two.embed(["a"])).catch((caught: unknown) => caught);
    expect(EngramError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /The embedder "all-minilm" at .* failed with a server error \(503\) after 1 retry: loading model/,
    );
  });

  it("works as a Memory's embedder, with batches split by core", async () => {
    const { baseURL, requests } = await start((incoming) =>
      embeddings(
        (incoming.body.input as string[]).map((text) => [
          text.includes("tea") ? 1 : 0,
          text.includes("Porto") ? 1 : 0,
          0.01,
        ]),
      ),
    );
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createOpenAIEmbedder({ model: "tiny", dimensions: 3, baseURL, maxBatchSize: 1 }),
    });
    await memory.add(
      [
        { role: "user", content: "Likes tea" },
        { role: "user", content: "Lives in Porto" },
      ],
      // Plain notes: no neighbouring-message context and no near-duplicate check, so each text is embedded once.
      { userId: "u", contextWindow: 0, deduplicate: "exact" },
    );
    expect(requests.map((entry) => entry.body.input)).toEqual([["Likes tea"], ["Lives in Porto"]]);
    const { results } = await memory.search("Porto", { userId: "u" });
    expect(results[0]!.memory).toBe("Lives in Porto");
  });
});
