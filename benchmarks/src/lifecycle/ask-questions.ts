import { defaultInjectionOptions, type Memory } from "@engram/core";
import { judgeAsOf, judgeCurrent } from "./metrics.js";
import type { AsOfQuestion, CurrentQuestion } from "./questions.js";
import { emptyCounts, type RunResult } from "./run-result.js";
import { slotDefinition } from "./topics.js";
import { getOrCreate } from "./get-or-create.js";

/** Results per question: the top 5, as in the targets. */
export const topK = 5;

/** Counts the active memories of a user (getAll's default: active only), by type. */
export async function countActive(
  memory: Memory,
  userId: string,
): Promise<{ total: number; byType: Record<string, number> }> {
  const byType: Record<string, number> = {};
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await memory.getAll({ userId, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const item of page.results) byType[item.type] = (byType[item.type] ?? 0) + 1;
    total += page.results.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { total, byType };
}

/** Asks current-value questions (search top 5, and the default injected context block) and records the answers. */
export async function askCurrent(
  memory: Memory,
  userId: string,
  questions: readonly CurrentQuestion[],
  result: RunResult,
): Promise<void> {
  for (const question of questions) {
    const slot = slotDefinition(question.slot);
    const { results } = await memory.search(question.question, { userId, limit: topK });
    const judged = judgeCurrent(
      slot,
      results.map((item) => item.memory),
      question.current,
      question.earlier,
    );
    const bySlot = getOrCreate(result.currentBySlot, question.slot, emptyCounts);
    const byQuestion = getOrCreate(result.currentByQuestion, question.question, emptyCounts);
    for (const counts of [result.current, bySlot, byQuestion]) {
      counts.questions++;
      counts.correct += judged.hit ? 1 : 0;
      counts.stale += judged.stale;
      counts.questionsWithStale += judged.stale ? 1 : 0;
    }
    for (const text of judged.staleTexts) {
      const example = `${question.question} → "${text}" (now: ${question.current})`;
      if (result.staleExamples.length < 12 && !result.staleExamples.includes(example))
        result.staleExamples.push(example);
    }
    const context = await memory.buildContext(question.question, { userId, ...defaultInjectionOptions });
    result.contextTokens.push(context.tokens);
    result.contextMemories.push(context.memories.length);
  }
}

/** Asks asOf questions (search top 5 with `asOf`) and records the answers. */
export async function askAsOf(
  memory: Memory,
  userId: string,
  questions: readonly AsOfQuestion[],
  result: RunResult,
): Promise<void> {
  for (const question of questions) {
    const slot = slotDefinition(question.slot);
    const { results } = await memory.search(question.question, { userId, limit: topK, asOf: question.asOf });
    const correct = judgeAsOf(
      slot,
      results.map((item) => item.memory),
      question.truth,
      question.others,
    );
    const bySlot = getOrCreate(result.asOfBySlot, question.slot, emptyCounts);
    for (const counts of [result.asOf, bySlot]) {
      counts.questions++;
      counts.correct += correct ? 1 : 0;
    }
  }
}
