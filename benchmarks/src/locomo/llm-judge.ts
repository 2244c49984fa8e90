import type { ChatModel } from "@engram/core";
import type { RetrievedMemory } from "./retriever.js";

/** One answered and graded question. */
export interface JudgedAnswer {
  /** The model's answer. */
  answer: string;
  /** The judge's verdict. */
  correct: boolean;
}

const answerSchema = {
  type: "object",
  properties: { answer: { type: "string" } },
  required: ["answer"],
  additionalProperties: false,
};

const judgeSchema = {
  type: "object",
  properties: { reasoning: { type: "string" }, label: { type: "string", enum: ["CORRECT", "WRONG"] } },
  required: ["reasoning", "label"],
  additionalProperties: false,
};

// The Mem0 paper's protocol: answer from retrieved memories only, in a few words; a judge compares with the gold
// answer generously (same topic, same date in another format counts as correct).
const answerInstructions = `You answer questions about a long conversation between two people, using only the memories below.
Each memory starts with the speaker's name; some carry the date of their session. Resolve relative dates ("last year")
against that date. Answer in at most a few words. If the memories do not contain the answer, make your best guess.
Answer as JSON: {"answer": "..."}`;

const judgeInstructions = `You grade an answer to a question against a gold answer. Label it CORRECT when it refers to the same
thing as the gold answer, even if it is longer or worded differently; dates and times in another format count as correct
when they name the same day or period. Otherwise label it WRONG. Answer as JSON: {"reasoning": "one sentence", "label": "CORRECT" | "WRONG"}`;

function parseJson(text: string): Record<string, unknown> {
  const cleaned = text
    .replace(/<think>[\s\S]*?<\/think>/gu, "")
    .replace(/```(?:json)?/gu, "")
    .trim();
  const start = cleaned.indexOf("{");
  const end = cleaned.lastIndexOf("}");
  try {
    return JSON.parse(cleaned.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Answers a question from retrieved memories with `model`, then grades the answer with `judge`. */
export async function answerAndJudge(options: {
  model: ChatModel;
  judge: ChatModel;
  question: string;
  goldAnswer: string;
  memories: RetrievedMemory[];
}): Promise<JudgedAnswer> {
  const context =
    options.memories.map((memory, index) => `${index + 1}. ${memory.text}`).join("\n") || "(no memories)";
  const answered = await options.model.generate({
    messages: [
      { role: "system", content: answerInstructions },
      { role: "user", content: `Memories:\n${context}\n\nQuestion: ${options.question}` },
    ],
    responseFormat: { name: "answer", schema: answerSchema },
    temperature: 0,
    maxOutputTokens: 200,
  });
  const answer = String(parseJson(answered.text).answer ?? answered.text).trim();
  const graded = await options.judge.generate({
    messages: [
      { role: "system", content: judgeInstructions },
      {
        role: "user",
        content: `Question: ${options.question}\nGold answer: ${options.goldAnswer}\nAnswer to grade: ${answer}`,
      },
    ],
    responseFormat: { name: "grade", schema: judgeSchema },
    temperature: 0,
    maxOutputTokens: 200,
  });
  return { answer, correct: String(parseJson(graded.text).label ?? "").toUpperCase() === "CORRECT" };
}
