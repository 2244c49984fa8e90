import { describe, expect, it } from "vitest";
import { generateUser } from "./generator.js";
import { asOfDates, asOfQuestions, currentQuestions, valueAt } from "./questions.js";
import { slots } from "./topics.js";

const user = generateUser({ seed: 7 });
const messages = user.sessions.flatMap((session) => session.messages);

describe("generateUser", () => {
  it("is deterministic for a seed and differs for another", () => {
    expect(generateUser({ seed: 7 })).toEqual(user);
    expect(generateUser({ seed: 8 }).sessions).not.toEqual(user.sessions);
  });

  it("spreads 300 sessions over 365 days with strictly increasing timestamps", () => {
    expect(user.sessions).toHaveLength(300);
    const times = messages.map((message) => Date.parse(message.at));
    for (let index = 1; index < times.length; index++)
      expect(times[index]).toBeGreaterThan(times[index - 1]!);
    const days = (times.at(-1)! - Date.parse(user.start)) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(366);
    expect(messages.length).toBeGreaterThan(1000);
  });

  it("keeps the ground truth consistent with what the messages say", () => {
    for (const message of messages) {
      for (const fact of message.facts) {
        const entries = user.timeline[fact.slot]!;
        if (message.kind === "repeat") expect(valueAt(entries, message.at)).toBe(fact.value);
        else {
          expect(entries).toContainEqual({ from: message.at, value: fact.value });
          const before = new Date(Date.parse(message.at) - 1).toISOString();
          expect(valueAt(entries, before)).toBe(fact.previous);
        }
      }
    }
    for (const slot of slots) expect(user.timeline[slot.name]?.length).toBeGreaterThan(0);
    const changes = messages.filter((message) => message.kind === "change");
    expect(changes.length).toBeGreaterThanOrEqual(8);
  });

  it("never names a slot value in episodes, tasks or small talk (the metrics rely on it)", () => {
    for (const message of messages.filter((candidate) => candidate.facts.length === 0)) {
      for (const slot of slots) {
        for (const value of slot.values) {
          expect(slot.states(message.text, value), `${message.text} states ${value}`).toBe(false);
          if (message.memory) expect(slot.states(message.memory, value)).toBe(false);
        }
      }
    }
  });

  it("has every kind of message", () => {
    const kinds = new Set(messages.map((message) => message.kind));
    expect([...kinds].sort()).toEqual(["change", "episode", "repeat", "smalltalk", "state", "task"]);
  });
});

describe("questions", () => {
  it("asks each slot's current value with its earlier values, and asOf the value true then", () => {
    const at = user.sessions.at(-1)!.messages.at(-1)!.at;
    const current = currentQuestions(user, 300, at, 0);
    expect(current).toHaveLength(slots.length);
    for (const question of current) {
      const entries = user.timeline[question.slot]!;
      expect(question.current).toBe(entries.at(-1)!.value);
      expect(question.earlier).not.toContain(question.current);
    }
    const asOf = asOfQuestions(user, asOfDates(user));
    expect(asOf.length).toBeGreaterThan(80);
    for (const question of asOf) {
      expect(valueAt(user.timeline[question.slot], question.asOf)).toBe(question.truth);
      expect(question.others).not.toContain(question.truth);
    }
  });
});
