import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { createSqliteStore } from "../sqlite.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { ChatMessage } from "../types.js";
import { defaultContextWindow, resolveContextWindow } from "./context-window.js";
import { indexedText } from "./indexed-text.js";
import { Memory } from "./memory.js";

const embedder = createHashingEmbedder({ dimensions: 128 });
const open = (store: MemoryStore = createInMemoryStore()) => new Memory({ store, embedder });
const folder = mkdtempSync(path.join(os.tmpdir(), "engram-context-window-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const chat: ChatMessage[] = [
  { role: "user", content: "Did you ever try rock climbing?", name: "Caroline", id: "D1:1" },
  { role: "user", content: "Yes, twice a week at the gym.", name: "Melanie", id: "D1:2" },
  { role: "user", content: "Nice, I prefer hiking.", name: "Caroline", id: "D1:3" },
  { role: "user", content: "Hiking is great too.", name: "Melanie", id: "D1:4" },
];

async function contexts(memory: Memory, ids: string[]): Promise<(string | undefined)[]> {
  const items = await Promise.all(ids.map((id) => memory.get(id, { anyScope: true })));
  return items.map((item) => item?.context);
}

describe("add(messages) context defaults", () => {
  it("indexes each message of an array with its neighbours by default, named, and returns the turn alone", async () => {
    expect(defaultContextWindow).toEqual({ before: 2, after: 0 });
    const memory = open();
    const { results } = await memory.add(chat, { userId: "u" });
    expect(results.map((item) => item.memory)).toEqual(chat.map((message) => message.content));
    expect(
      await contexts(
        memory,
        results.map((item) => item.id),
      ),
    ).toEqual([
      undefined,
      "Caroline: Did you ever try rock climbing?",
      "Caroline: Did you ever try rock climbing?\nMelanie: Yes, twice a week at the gym.",
      "Melanie: Yes, twice a week at the gym.\nCaroline: Nice, I prefer hiking.",
    ]);
    // The answer is found through the question before it; what comes back is the answer's text only.
    const found = await memory.search("rock climbing", { userId: "u", limit: 2 });
    expect(found.results.map((item) => item.memory)).toContain("Yes, twice a week at the gym.");
    expect(found.results.every((item) => chat.some((message) => message.content === item.memory))).toBe(true);
  });

  it("keeps a statement well above its reply in a two-message chat turn", async () => {
    const memory = open();
    await memory.add(
      [
        { role: "user", content: "I am allergic to peanuts" },
        { role: "assistant", content: "Noted, I will remember that." },
      ],
      { userId: "u" },
    );
    const { results } = await memory.search("What am I allergic to?", { userId: "u", explain: true });
    expect(results[0]!.memory).toBe("I am allergic to peanuts");
    expect(results[0]!.explanation!.relevance).toBeGreaterThan(results[1]!.explanation!.relevance + 0.1);
  });

  it("gives a string add, a single message and contextWindow 0 no context", async () => {
    const memory = open();
    const single = await memory.add("Yes, twice a week at the gym.", { userId: "u" });
    const one = await memory.add([chat[2]!], { userId: "u" });
    const off = await memory.add(chat, { userId: "v", contextWindow: 0 });
    const ids = [single, one, off].flatMap((result) => result.results.map((item) => item.id));
    expect(await contexts(memory, ids)).toEqual(ids.map(() => undefined));
    expect(
      (await memory.search("rock climbing", { userId: "v" })).results.map((item) => item.memory),
    ).toEqual(["Did you ever try rock climbing?"]);
  });

  it("takes { before, after } and a number as preceding messages only", async () => {
    const memory = open();
    const following = await memory.add(chat.slice(0, 2), { userId: "u", contextWindow: { after: 1 } });
    expect(
      await contexts(
        memory,
        following.results.map((item) => item.id),
      ),
    ).toEqual(["Melanie: Yes, twice a week at the gym.", undefined]);
    expect(resolveContextWindow(3, true)).toEqual({ before: 3, after: 0 });
    expect(resolveContextWindow(undefined, false)).toEqual({ before: 0, after: 0 });
  });

  it("refuses a bad window with a clear error and writes nothing", async () => {
    const memory = open();
    for (const contextWindow of [-1, 1.5, 21, "2", { before: -1 }, { after: 30 }, { previous: 1 }, [1]]) {
      const error = await memory
        .add(chat, { userId: "u", contextWindow: contextWindow as never })
        .catch((caught: unknown) => caught);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/options\.contextWindow/);
    }
    expect((await memory.getAll({ userId: "u" })).results).toEqual([]);
  });
});

describe("indexed speaker names and dates", () => {
  it("finds a turn by its speaker's name and session date without changing its text", async () => {
    const memory = open();
    const dated = chat.map((message) => ({ ...message, timestamp: "2023-05-08T13:56:00Z" }));
    await memory.add(dated, { userId: "u", contextWindow: 0 });
    await memory.add("Melanie will travel in June.", { userId: "u" });
    const byName = await memory.search("What does Melanie do?", { userId: "u", limit: 10, explain: true });
    const melanie = byName.results.filter((item) => item.explanation!.matchedTerms.includes("melani"));
    expect(melanie.map((item) => item.memory).sort()).toEqual([
      "Hiking is great too.",
      "Melanie will travel in June.",
      "Yes, twice a week at the gym.",
    ]);
    const byDate = await memory.search("May 2023", { userId: "u", limit: 10, explain: true });
    const dates = byDate.results.filter((item) => item.explanation!.matchedTerms.includes("2023"));
    expect(dates).toHaveLength(4);
    expect(dates.every((item) => !item.memory.includes("2023"))).toBe(true);
  });

  it("indexes names and dates only when the sources carry them", () => {
    expect(indexedText({ memory: "Hi" })).toBe("Hi");
    expect(
      indexedText({
        memory: "Hi",
        context: "Bob: Hello",
        sources: [{ name: "Ann", timestamp: "2023-05-08T23:30:00Z" }, { name: "Ann" }],
      }),
    ).toBe("Bob: Hello\n8 May 2023\nAnn: Hi");
  });

  it("keeps context and finds names in a SQLite file after reopening", async () => {
    const file = path.join(folder, "memory.db");
    const first = open(createSqliteStore({ path: file }));
    const { results } = await first.add(chat, { userId: "u" });
    await first.close();
    const reopened = open(createSqliteStore({ path: file }));
    expect((await reopened.get(results[2]!.id, { anyScope: true }))!.context).toBe(
      "Caroline: Did you ever try rock climbing?\nMelanie: Yes, twice a week at the gym.",
    );
    const found = await reopened.search("Melanie", { userId: "u", limit: 4, explain: true });
    expect(
      found.results.filter((item) => item.explanation!.matchedTerms.includes("melani")).length,
    ).toBeGreaterThanOrEqual(2);
    expect(found.results.map((item) => item.memory)).toContain("Hiking is great too.");
    await reopened.close();
  });
});
