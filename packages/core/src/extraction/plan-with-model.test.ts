import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { ExtractionError, ModelTimeoutError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import type { MemoryOptions } from "../memory/memory-options.js";
import type { ChatModel, ChatModelRequest } from "../models/chat-model.js";
import { MockChatModel, type MockChatModelGenerate } from "../models/mock-chat-model.js";
import { createInMemoryStore } from "../store/in-memory-store.js";

const alice = { userId: "alice" };
const add = (text: string) => ({ event: "ADD", text, type: "fact", target: null, supersedes: null });
const answer = (count: number) =>
  JSON.stringify({ operations: Array.from({ length: count }, (_, index) => add(`Fact number ${index}`)) });

function setup(generate: MockChatModelGenerate, options: Partial<MemoryOptions> = {}) {
  const llm = new MockChatModel({ generate });
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder(),
    llm,
    ...options,
  });
  return { memory, llm };
}

describe("extraction.maxOperations", () => {
  it("applies an answer of exactly the limit (100 by default)", async () => {
    const { memory } = setup([answer(100)]);
    const result = await memory.add("Many facts", { ...alice, infer: true });
    expect(result.results).toHaveLength(100);
  });

  it("refuses an answer with more operations: ExtractionError with the raw answer, nothing applied, no retry", async () => {
    const { memory, llm } = setup([answer(101)]);
    await memory.add("Lives in Lisbon", alice);
    const before = await memory.export(alice);
    const error = await memory
      .add("Many facts", { ...alice, infer: true })
      .catch((caught: unknown) => caught);
    expect(ExtractionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /proposed 101 memory operations in one answer, more than extraction.maxOperations \(100\), so none was applied/,
    );
    expect((error as ExtractionError).text).toBe(answer(101));
    expect(llm.calls).toHaveLength(1);
    const after = await memory.export(alice);
    expect({ ...after, exportedAt: before.exportedAt }).toEqual(before);
  });

  it("counts invalid operations too, and follows the option", async () => {
    const invalid = JSON.stringify({ operations: [add("One"), { event: "EXPLODE" }, { event: "EXPLODE" }] });
    const { memory } = setup([invalid], { extraction: { maxOperations: 2 } });
    await expect(memory.add("x", { ...alice, infer: true })).rejects.toThrow(/proposed 3 memory operations/);
    const { memory: roomy } = setup([answer(3)], { extraction: { maxOperations: 3 } });
    expect((await roomy.add("x", { ...alice, infer: true })).results).toHaveLength(3);
  });

  it("checks the option", () => {
    for (const value of [0, -1, 2.5, 10_001, "100"]) {
      expect(() => setup([], { extraction: { maxOperations: value as number } })).toThrow(
        /extraction.maxOperations: expected a whole number from 1 to 10000/,
      );
    }
  });
});

describe("llmTimeoutMs", () => {
  /** A model that never answers, recording the signal it got and whether it was aborted. */
  function hanging(): ChatModel & { requests: ChatModelRequest[] } {
    const requests: ChatModelRequest[] = [];
    return {
      specificationVersion: "v1",
      name: "hanging-model",
      requests,
      generate(request) {
        requests.push(request);
        return new Promise(() => undefined);
      },
    };
  }

  it("cancels a model call that never answers: ModelTimeoutError, the signal aborted, nothing written", async () => {
    const llm = hanging();
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      llm,
      llmTimeoutMs: 30,
    });
    await memory.add("Lives in Lisbon", alice);
    const before = await memory.export(alice);
    const error = await memory
      .add("I moved to Porto", { ...alice, infer: true })
      .catch((caught: unknown) => caught);
    expect(ModelTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /"hanging-model" did not answer within 30 ms.*nothing was written.*raise llmTimeoutMs/,
    );
    expect(llm.requests).toHaveLength(1);
    const signal = llm.requests[0]!.abortSignal!;
    expect(signal.aborted).toBe(true);
    expect(ModelTimeoutError.isInstance(signal.reason)).toBe(true);
    const after = await memory.export(alice);
    expect({ ...after, exportedAt: before.exportedAt }).toEqual(before);
  });

  it("lets consolidation go on without the model when a call times out", async () => {
    let now = Date.UTC(2026, 0, 10);
    const llm = hanging();
    const memory = new Memory({
      store: createInMemoryStore(),
      embedder: createHashingEmbedder(),
      llm,
      llmTimeoutMs: 20,
      _internal: { now: () => new Date(now) },
    });
    await memory.add("Went hiking with Sam", { ...alice, type: "episode" });
    await memory.add("Finished the quarterly report", { ...alice, type: "episode" });
    now += 90 * 86_400_000;
    const report = await memory.consolidate(alice);
    expect(report.model?.calls).toBeGreaterThan(0);
    expect(report.model?.failures).toBe(report.model?.calls);
    expect(llm.requests.every((request) => request.abortSignal?.aborted)).toBe(true);
  });

  it("keeps a working model's answers", async () => {
    const { memory, llm } = setup([answer(1)], { llmTimeoutMs: 5_000 });
    expect((await memory.add("x", { ...alice, infer: true })).results).toHaveLength(1);
    expect(llm.calls[0]!.abortSignal?.aborted).toBe(false);
  });
});
