import { createHashingEmbedder } from "@engram/core";
import { describe, expect, it } from "vitest";
import { prepareMem0Environment } from "../mem0/mem0-offline.js";
import { createEngramRetriever } from "./engram-retriever.js";
import { evaluateRetriever } from "./evaluate.js";
import { parseLocomo } from "./load-locomo.js";
import { createMem0Retriever } from "./mem0-retriever.js";

function sample(id: string, topic: string) {
  return {
    sample_id: id,
    conversation: {
      speaker_a: "Ana",
      speaker_b: "Ben",
      session_1_date_time: "1:00 pm on 8 May, 2023",
      session_1: [
        { speaker: "Ana", dia_id: "D1:1", text: "Did you do anything fun this weekend?" },
        { speaker: "Ben", dia_id: "D1:2", text: `Yes, I went ${topic} with my cousin in the mountains.` },
        { speaker: "Ana", dia_id: "D1:3", text: "That sounds lovely. I baked sourdough bread all day." },
      ],
      session_2_date_time: "9:00 am on 1 June, 2023",
      session_2: [
        { speaker: "Ben", dia_id: "D2:1", text: "My new job at the observatory starts on Monday." },
      ],
    },
    qa: [
      { question: `Who went ${topic} in the mountains?`, answer: "Ben", evidence: ["D1:2"], category: 4 },
      { question: "Where does Ben work now?", answer: "observatory", evidence: ["D2:1"], category: 1 },
      { question: "Unanswerable", answer: "n/a", evidence: [], category: 3 },
    ],
  };
}

const dataset = parseLocomo([sample("conv-a", "kayaking"), sample("conv-b", "skiing")]);
const embedder = createHashingEmbedder({ dimensions: 64 });

describe("createEngramRetriever", () => {
  it("stores one memory per turn with its dialogue id as source, scoped per conversation", async () => {
    const retriever = createEngramRetriever({ embedder, mode: "verbatim" });
    for (const conversation of dataset.conversations) expect(await retriever.ingest(conversation)).toBe(4);
    const [a, b] = dataset.conversations;
    const hits = await retriever.search(a!, "kayaking in the mountains", 10);
    expect(hits[0]).toEqual({
      text: "Ben: Yes, I went kayaking with my cousin in the mountains.",
      sourceIds: ["D1:2"],
      relevance: expect.any(Number),
    });
    expect(hits.map((hit) => hit.relevance)).toEqual(
      [...hits.map((hit) => hit.relevance!)].sort((x, y) => y - x),
    );
    // The other conversation's turns never leak into this scope.
    expect(hits.some((hit) => hit.text.includes("skiing"))).toBe(false);
    expect(
      (await retriever.search(b!, "kayaking in the mountains", 10)).some((hit) =>
        hit.text.includes("kayaking"),
      ),
    ).toBe(false);
    await retriever.close();
  });

  it("with context turns, embeds the preceding turn but keeps one source and returns the turn alone", async () => {
    const retriever = createEngramRetriever({ embedder, mode: "verbatim", contextTurns: 1 });
    await retriever.ingest(dataset.conversations[0]!);
    const hits = await retriever.search(dataset.conversations[0]!, "anything fun this weekend", 2);
    const second = hits.find((hit) => hit.sourceIds[0] === "D1:2")!;
    expect(second).toEqual({
      text: "Ben: Yes, I went kayaking with my cousin in the mountains.",
      sourceIds: ["D1:2"],
      relevance: expect.any(Number),
    });
    await retriever.close();
  });
});

describe("evaluateRetriever", () => {
  it("scores every question with evidence, skips the rest, and groups by category", async () => {
    const evaluation = await evaluateRetriever(
      createEngramRetriever({ embedder, mode: "verbatim" }),
      dataset,
      [1, 5, 10],
    );
    expect(evaluation.skippedNoEvidence).toBe(2);
    expect(evaluation.outcomes).toHaveLength(4);
    expect(evaluation.groups.all!.count).toBe(4);
    expect(evaluation.groups["4"]!.recall[1]).toBe(100);
    // With four memories per conversation, every evidence turn is within the top 5.
    expect(evaluation.groups.all!.recall[5]).toBe(100);
    expect(evaluation.contextTokens[1]).toBeGreaterThan(0);
    expect(evaluation.contextTokens[5]).toBeGreaterThan(evaluation.contextTokens[1]!);
  });
});

describe("evaluateRetriever with an answer judge", () => {
  it("judges only categories 1–4 and reports accuracy per category", async () => {
    const asked: string[] = [];
    const judge = {
      k: 2,
      answer: async (question: { question: string; category: number }, memories: unknown[]) => {
        asked.push(question.question);
        expect(memories.length).toBeLessThanOrEqual(2);
        return question.category === 4;
      },
    };
    const evaluation = await evaluateRetriever(
      createEngramRetriever({ embedder, mode: "verbatim" }),
      dataset,
      [1, 10],
      () => {},
      judge,
    );
    expect(asked).toHaveLength(4);
    expect(evaluation.judged).toEqual({
      "1": { count: 2, accuracy: 0 },
      "4": { count: 2, accuracy: 100 },
      "1-4": { count: 4, accuracy: 50 },
    });
  });
});

describe("createMem0Retriever", () => {
  it("maps mem0's memory ids back to dialogue ids, scoped per conversation", async () => {
    prepareMem0Environment();
    const retriever = createMem0Retriever({ embedder });
    const [a, b] = dataset.conversations;
    expect(await retriever.ingest(a!)).toBe(4);
    expect(await retriever.ingest(b!)).toBe(4);
    const hits = await retriever.search(a!, "kayaking in the mountains", 4);
    // mem0 drops candidates whose combined score is not positive, so fewer than 4 may come back.
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.find((hit) => hit.text.includes("kayaking"))!.sourceIds).toEqual(["D1:2"]);
    expect(hits.some((hit) => hit.text.includes("skiing"))).toBe(false);
    await retriever.close();
  });
});
