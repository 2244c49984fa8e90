import { beforeAll, describe, expect, it } from "vitest";
import type { AddOperation } from "../../memory/memory-operation.js";
import { type TemporalSettings, applyTemporal } from "./apply-temporal.js";
import { loadTimeParser } from "./load-time-parser.js";

let settings: TemporalSettings;
const reference = new Date("2026-12-03T10:00:00Z"); // a Thursday
beforeAll(async () => {
  settings = { parse: await loadTimeParser(), eventExpiryMs: 7 * 86_400_000, now: reference };
});

const add = (memory: string, metadata = {}): AddOperation => ({
  event: "ADD",
  memory,
  type: "fact",
  metadata,
  sources: [{ role: "user" }],
});

const apply = (sentence: string, memory = sentence, at = reference) =>
  applyTemporal(add(memory), sentence, at, { ...settings, now: at });

describe("past changes and starts set validFrom", () => {
  it.each([
    ["I moved to Porto last month.", "2026-11-03T00:00:00.000Z"],
    ["I started at Google in March.", "2026-03-01T00:00:00.000Z"],
    ["We got married two years ago.", "2024-12-03T00:00:00.000Z"],
    ["Since 2019 I have been vegan.", "2019-01-01T00:00:00.000Z"],
    ["I adopted a cat yesterday.", "2026-12-02T00:00:00.000Z"],
    ["I saw my sister on Monday.", "2026-11-30T00:00:00.000Z"],
    ["I joined the choir in November.", "2026-11-01T00:00:00.000Z"],
  ])("%s → %s", (sentence, validFrom) => {
    const changed = apply(sentence);
    expect(changed.validFrom).toBe(validFrom);
    expect(changed.expiresAt).toBeUndefined();
    expect(changed.metadata).toEqual({});
  });

  it('"last month" from 31 March is February (28th), not 3 March', () => {
    const changed = apply(
      "I moved to Porto last month.",
      "Moved to Porto last month",
      new Date("2026-03-31T18:00:00Z"),
    );
    expect(changed.validFrom).toBe("2026-02-28T00:00:00.000Z");
    expect(changed.memory).toBe("Moved to Porto in February 2026");
  });

  it('"a year ago" from 29 February is 28 February of the year before', () => {
    const changed = apply("I quit smoking a year ago.", "Quit smoking", new Date("2028-02-29T12:00:00Z"));
    expect(changed.validFrom).toBe("2027-02-28T00:00:00.000Z");
  });

  it("rewrites a relative expression in the memory text, keeps absolute ones", () => {
    expect(apply("I started at Google in March.", "Started at Google in March").memory).toBe(
      "Started at Google in March 2026",
    );
    expect(apply("Since 2019 I have been vegan.", "Vegan since 2019").memory).toBe("Vegan since 2019");
    expect(apply("We got married two years ago.", "Got married two years ago").memory).toBe(
      "Got married in 2024",
    );
  });

  it("never sets validFrom after the reference time: a future date in a past-tense sentence is clamped", () => {
    const changed = apply("I have been vegan since 2030.", "Vegan");
    expect(changed.validFrom).toBe(reference.toISOString());
    expect(changed.expiresAt).toBeUndefined();
  });
});

describe("upcoming events get their date in the text and metadata, and expire after it", () => {
  it.each([
    [
      "I'm flying to Berlin next Tuesday.",
      "Flying to Berlin next Tuesday",
      "Flying to Berlin on Tuesday 8 December 2026",
      "2026-12-08",
      "2026-12-16T00:00:00.000Z",
    ],
    [
      "My exam is on Friday.",
      "Exam is on Friday",
      "Exam is on Friday 4 December 2026",
      "2026-12-04",
      "2026-12-12T00:00:00.000Z",
    ],
    [
      "I have a dentist appointment at 3pm tomorrow.",
      "Dentist appointment at 3pm tomorrow",
      "Dentist appointment on Friday 4 December 2026 at 15:00 UTC",
      "2026-12-04T15:00:00.000Z",
      "2026-12-12T00:00:00.000Z",
    ],
    [
      "We will move to Lisbon next month.",
      "Moving to Lisbon",
      "Moving to Lisbon in January 2027",
      "2027-01",
      "2027-02-08T00:00:00.000Z",
    ],
  ])("%s", (sentence, memory, text, eventDate, expiresAt) => {
    const changed = apply(sentence, memory);
    expect(changed.memory).toBe(text);
    expect(changed.metadata).toEqual({ eventDate });
    expect(changed.expiresAt).toBe(expiresAt);
    expect(changed.validFrom).toBeUndefined();
  });

  it("keeps the caller's metadata, and the caller's own eventDate wins", () => {
    const changed = applyTemporal(
      add("Exam on Friday", { course: "math", eventDate: "set by caller" }),
      "My exam is on Friday.",
      reference,
      settings,
    );
    expect(changed.metadata).toEqual({ course: "math", eventDate: "set by caller" });
  });

  it("eventExpiry null keeps the memory; an event already over at write time does not expire", () => {
    expect(
      applyTemporal(add("Exam on Friday"), "My exam is on Friday.", reference, {
        ...settings,
        eventExpiryMs: null,
      }).expiresAt,
    ).toBeUndefined();
    // Said in a 2023 session, written now: the event was history when it was recorded.
    const old = applyTemporal(
      add("Exam on Friday"),
      "My exam is on Friday.",
      new Date("2023-05-08T10:00:00Z"),
      settings,
    );
    expect(old.metadata).toEqual({ eventDate: "2023-05-12" });
    expect(old.expiresAt).toBeUndefined();
  });

  it("resolves in UTC whatever the process time zone, across a DST change", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      // 2026-03-08 is the US spring-forward Sunday; the reference is 23:30 UTC on the Saturday before.
      const changed = apply("My exam is tomorrow.", "Exam tomorrow", new Date("2026-03-07T23:30:00Z"));
      expect(changed.memory).toBe("Exam on Sunday 8 March 2026");
      expect(changed.metadata).toEqual({ eventDate: "2026-03-08" });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("what is left alone", () => {
  it.each([
    "I will move to Lisbon soon.",
    "One day I want to visit Japan.",
    "I moved to Porto recently.",
    "Every Monday I swim.",
    "I swim on Mondays.",
    "I go climbing twice a week.",
    "I have 3 cats.",
    "May I ask you something?",
    "I am free at 5.",
  ])("%s", (sentence) => {
    expect(apply(sentence)).toEqual(add(sentence));
  });
});
