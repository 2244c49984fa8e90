import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { InvalidArgumentError } from "../errors/index.js";
import { MockChatModel } from "../models/mock-chat-model.js";
import { maxScopeIdLength } from "../scope.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import { maxMemoryTextLength, maxMessageLength } from "../validate/well-formed.js";
import { Memory } from "./memory.js";
import type { MemoryOptions } from "./memory-options.js";
import { maxMessagesPerAdd } from "./normalize-messages.js";
import { maxQueryLength } from "./search-memories.js";

const scope = { userId: "u" };
const open = (options: Partial<MemoryOptions> = {}) =>
  new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder(), ...options });
/** A text of `length` characters made of short words. */
const text = (length: number) => "word ".repeat(Math.ceil(length / 5)).slice(0, length - 1) + "x";

async function refused(action: Promise<unknown>, argument: string, pattern: RegExp): Promise<void> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe(argument);
  expect((error as Error).message).toMatch(pattern);
}

async function unchanged(memory: Memory, action: () => Promise<void>): Promise<void> {
  const before = await memory.export(scope);
  await action();
  const after = await memory.export(scope);
  expect({ ...after, exportedAt: before.exportedAt }).toEqual(before);
}

describe("documented limits", () => {
  it("has the documented defaults", () => {
    expect([
      maxMemoryTextLength,
      maxMessageLength,
      maxQueryLength,
      maxMessagesPerAdd,
      maxScopeIdLength,
    ]).toEqual([32_768, 100_000, 32_768, 1000, 256]);
  });

  it("memory texts: at most 32,768 characters, on every write path", async () => {
    const memory = open();
    const [item] = (await memory.add(text(maxMemoryTextLength), scope)).results;
    expect(item!.memory).toHaveLength(maxMemoryTextLength);
    const long = text(maxMemoryTextLength + 1);
    const limit = /at most 32768 characters, got 32769/;
    await unchanged(memory, async () => {
      await refused(memory.add(long, scope), "messages", limit);
      await refused(
        memory.add(
          [
            { role: "user", content: "short" },
            { role: "user", content: long },
          ],
          scope,
        ),
        "messages[1].content",
        limit,
      );
      await refused(memory.update(item!.id, { memory: long }, scope), "changes.memory", limit);
      await refused(memory.addEvent({ kind: "event", name: "note", text: long }, scope), "event.text", limit);
      await refused(memory.feedback(item!.id, { helpful: true, note: long }, scope), "feedback.note", limit);
    });
  });

  it("an extractor reads messages of up to 100,000 characters; short memories come out", async () => {
    const memory = open();
    const said = `I live in Lisbon. ${text(40_000)}`;
    const { results } = await memory.add(said, { ...scope, infer: true });
    expect(results.map((item) => item.memory)).toEqual(["Lives in Lisbon"]);
    await unchanged(memory, () =>
      refused(
        memory.add(text(maxMessageLength + 1), { ...scope, infer: true }),
        "messages",
        /a message is at most 100000 characters, got 100001/,
      ),
    );
  });

  it("memory texts from a model or a beforeWrite hook are held to the same limit", async () => {
    const long = text(maxMemoryTextLength + 1);
    const llm = new MockChatModel({
      generate: JSON.stringify({
        operations: [
          { event: "ADD", text: long, type: "fact", target: null, supersedes: null },
          { event: "ADD", text: "Lives in Lisbon", type: "fact", target: null, supersedes: null },
        ],
      }),
    });
    const result = await open({ llm }).add("I live in Lisbon", { ...scope, infer: true });
    expect(result.results.map((item) => item.memory)).toEqual(["Lives in Lisbon"]);
    expect(result.skipped?.map((skip) => [skip.reason, skip.detail])).toEqual([
      ["invalid", "the text has 32769 characters; a memory has at most 32768."],
    ]);
    const hooked = open({ extraction: { beforeWrite: () => ({ memory: long }) } });
    await unchanged(hooked, () =>
      refused(hooked.add("Lives in Lisbon", scope), "extraction.beforeWrite(…).memory", /at most 32768/),
    );
  });

  it("messages per add: at most 1000", async () => {
    const memory = open();
    const messages = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ role: "user", content: `m${index}` }));
    expect(
      (await memory.add(messages(maxMessagesPerAdd), { ...scope, deduplicate: false })).results,
    ).toHaveLength(1000);
    await unchanged(memory, () =>
      refused(memory.add(messages(1001), scope), "messages", /at most 1000 messages, got 1001/),
    );
  });

  it("metadata: at most 65,536 characters of JSON; scope ids: at most 256 characters", async () => {
    const memory = open();
    const metadata = (length: number) => ({ blob: "x".repeat(length - '{"blob":""}'.length) });
    await memory.add("fits", { ...scope, metadata: metadata(65_536) });
    await unchanged(memory, async () => {
      await refused(
        memory.add("too much", { ...scope, metadata: metadata(65_537) }),
        "options.metadata",
        /at most 65536 characters of JSON, got 65537/,
      );
      await refused(
        memory.add("long id", { userId: "u".repeat(257) }),
        "options.userId",
        /at most 256 characters, got 257/,
      );
    });
    expect((await memory.add("long id", { userId: "u".repeat(256) })).results).toHaveLength(1);
  });

  it("queries: at most 32,768 characters, for search and buildContext", async () => {
    const memory = open();
    await memory.add("Lives in Lisbon", scope);
    expect((await memory.search(`Lisbon ${text(maxQueryLength - 7)}`, scope)).results).toHaveLength(1);
    const long = text(maxQueryLength + 1);
    await refused(memory.search(long, scope), "query", /a query is at most 32768 characters, got 32769/);
    await refused(memory.buildContext(long, { ...scope, tokenBudget: 100 }), "query", /at most 32768/);
  });
});
