import { describe, expect, it, vi } from "vitest";
import { createHashingEmbedder } from "../../embedders/hashing-embedder.js";
import { Memory } from "../../memory/memory.js";
import { createInMemoryStore } from "../../store/in-memory-store.js";
import type { RuleFact } from "../rules/rule.js";

// The rule extractor is being rewritten to say which sentence each fact came from; these facts stand in for it.
const facts = vi.hoisted(() => ({ next: [] as Array<RuleFact & { sentence?: string }> }));
vi.mock("../rules/extract-with-rules.js", () => ({ extractRuleFacts: () => facts.next }));

const alice = { userId: "alice" };

function setup(extraction = {}) {
  const clock = { now: new Date("2026-12-03T10:00:00Z") };
  const memory = new Memory({
    store: createInMemoryStore(),
    embedder: createHashingEmbedder(),
    extraction,
    _internal: { now: () => clock.now },
  });
  return { memory, clock };
}

describe("rules path with the fact's sentence", () => {
  it("dates an upcoming event from its own sentence, and it leaves default reads two weeks after the day", async () => {
    const { memory, clock } = setup();
    facts.next = [
      { memory: "Lives in Porto", type: "fact", slot: "location", sentence: "I live in Porto." },
      { memory: "Flying to Berlin", type: "episode", sentence: "I'm flying to Berlin next Tuesday." },
    ];
    const { results } = await memory.add("I live in Porto. I'm flying to Berlin next Tuesday.", {
      ...alice,
      infer: true,
      metadata: { trip: true },
    });
    const [home, flight] = await Promise.all(results.map((item) => memory.get(item.id, alice)));
    expect(home?.memory).toBe("Lives in Porto");
    expect(home?.metadata).toEqual({ trip: true });
    expect(home?.expiresAt).toBeUndefined();
    expect(flight?.memory).toBe("Flying to Berlin on Tuesday 8 December 2026");
    expect(flight?.metadata).toEqual({ trip: true, eventDate: "2026-12-08" });
    expect(flight?.expiresAt).toBe("2026-12-23T00:00:00.000Z");
    expect((await memory.search("Berlin", alice)).results.map((item) => item.memory)).toContain(
      flight?.memory,
    );
    clock.now = new Date("2026-12-23T00:00:01Z");
    expect((await memory.getAll(alice)).results.map((item) => item.memory)).toEqual(["Lives in Porto"]);
    const kept = await memory.get(flight!.id, alice);
    expect(kept?.state).toBe("expired");
    await memory.close();
  });

  it("falls back to the message text without a sentence; eventExpiry and the add's expiresAt are honoured", async () => {
    const { memory } = setup({ eventExpiry: "1d" });
    facts.next = [{ memory: "Exam", type: "episode" }];
    const first = await memory.add("My exam is on Friday.", { ...alice, infer: true });
    const exam = await memory.get(first.results[0]!.id, alice);
    expect(exam?.memory).toBe("Exam on Friday 4 December 2026");
    expect(exam?.expiresAt).toBe("2026-12-06T00:00:00.000Z");
    facts.next = [{ memory: "Dentist", type: "episode" }];
    const second = await memory.add("Dentist at 3pm tomorrow.", {
      ...alice,
      infer: true,
      expiresAt: "2027-01-01T00:00:00Z",
    });
    const dentist = await memory.get(second.results[0]!.id, alice);
    expect(dentist?.memory).toBe("Dentist on Friday 4 December 2026 at 15:00 UTC");
    expect(dentist?.expiresAt).toBe("2027-01-01T00:00:00.000Z");
    await memory.close();
  });

  it("eventExpiry null keeps events; recurring schedules stay as they are", async () => {
    const { memory } = setup({ eventExpiry: null });
    facts.next = [
      { memory: "Swims every Monday", type: "preference", sentence: "Every Monday I swim." },
      { memory: "Concert", type: "episode", sentence: "The concert is on 12 December." },
    ];
    const { results } = await memory.add("…", { ...alice, infer: true });
    const [swim, concert] = await Promise.all(results.map((item) => memory.get(item.id, alice)));
    expect(swim?.memory).toBe("Swims every Monday");
    expect(swim?.metadata).toEqual({});
    expect(concert?.memory).toBe("Concert on Saturday 12 December 2026");
    expect(concert?.expiresAt).toBeUndefined();
    await memory.close();
  });
});
