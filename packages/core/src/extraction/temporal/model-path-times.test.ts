import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../../embedders/hashing-embedder.js";
import { Memory } from "../../memory/memory.js";
import { MockChatModel } from "../../models/mock-chat-model.js";
import { createInMemoryStore } from "../../store/in-memory-store.js";

const alice = { userId: "alice" };
const answer = readFileSync(new URL("./__fixtures__/dated-answer.json", import.meta.url), "utf8");
const messages = [
  {
    role: "user" as const,
    content:
      "I moved to Porto in April and I'm flying to Berlin next Tuesday. Dentist on the 19th, exam soon. I love green tea and swim every Monday.",
    timestamp: "2023-05-08T13:56:00Z",
  },
];

function setup(now: string, extraction = {}) {
  const llm = new MockChatModel({ generate: [answer] });
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder(),
    llm,
    extraction,
    _internal: { now: () => new Date(now) },
  });
  return { memory, llm };
}

async function stored(memory: Memory) {
  const { results } = await memory.getAll({ ...alice, includeInvalid: true, limit: 100 });
  return Object.fromEntries(results.map((item) => [item.memory, item]));
}

describe("model path: times resolved against the message's date", () => {
  it("shows the model when each message was said and asks for absolute dates", async () => {
    const { memory, llm } = setup("2026-12-03T10:00:00Z");
    await memory.add(messages, { ...alice, infer: true });
    const [system, user] = llm.calls[0]!.messages;
    expect(user!.content).toContain("(said 2023-05-08 13:56 UTC) user: I moved to Porto");
    expect(system!.content).toContain('"date" of an ADD is the day (YYYY-MM-DD');
    const schema = llm.calls[0]!.responseFormat.schema as {
      properties: { operations: { items: { required: string[] } } };
    };
    expect(schema.properties.operations.items.required).toContain("date");
    await memory.close();
  });

  it("resolves the text's expressions, uses valid model dates and refuses malformed ones", async () => {
    const { memory } = setup("2026-12-03T10:00:00Z");
    await memory.add(messages, { ...alice, infer: true });
    const items = await stored(memory);
    expect(Object.keys(items).sort()).toEqual([
      "Flying to Berlin on Tuesday 16 May 2023",
      "Has a dentist appointment on Friday 19 May 2023",
      "Has an exam",
      "Likes green tea",
      "Lives in Porto",
      "Swims every Monday",
    ]);
    const flight = items["Flying to Berlin on Tuesday 16 May 2023"]!;
    expect(flight.metadata).toEqual({ eventDate: "2023-05-16" });
    // Written in 2026 about a 2023 session: the event was over when recorded, so it is kept, not expired.
    expect(flight.expiresAt).toBeUndefined();
    expect(flight.state).toBe("active");
    expect(items["Lives in Porto"]!.validFrom).toBe("2023-04-01T00:00:00.000Z");
    expect(items["Has a dentist appointment on Friday 19 May 2023"]!.metadata).toEqual({
      eventDate: "2023-05-19",
    });
    for (const refused of ["Has an exam", "Likes green tea", "Swims every Monday"]) {
      expect(items[refused]!.metadata).toEqual({});
      expect(items[refused]!.validFrom).toBe("2023-05-08T13:56:00.000Z");
    }
    await memory.close();
  });

  it("an event said now expires two weeks after its day; resolveTimes false leaves the model's text alone", async () => {
    const live = setup("2023-05-08T14:00:00Z");
    await live.memory.add(messages, { ...alice, infer: true });
    const flight = (await stored(live.memory))["Flying to Berlin on Tuesday 16 May 2023"];
    expect(flight?.expiresAt).toBe("2023-05-31T00:00:00.000Z");
    await live.memory.close();
    const off = setup("2023-05-08T14:00:00Z", { resolveTimes: false });
    await off.memory.add(messages, { ...alice, infer: true });
    const items = await stored(off.memory);
    expect(items["Flying to Berlin next Tuesday"]?.metadata).toEqual({});
    expect(items["Lives in Porto"]?.validFrom).toBe("2023-05-08T13:56:00.000Z");
    await off.memory.close();
  });
});
