import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLocomo, parseEvidence, parseLocomo } from "./load-locomo.js";

/** A small conversation with every defect PEERS.md lists. */
function defectiveSample() {
  return {
    sample_id: "conv-x",
    conversation: {
      speaker_a: "Caroline",
      speaker_b: "Melanie",
      session_1_date_time: "1:56 pm on 8 May, 2023",
      session_1: [
        { speaker: "Caroline", dia_id: "D1:1", text: "Hey Mel!" },
        {
          speaker: "Melanie",
          dia_id: "D1:2",
          text: "Look at this",
          img_url: ["x"],
          blip_caption: "a photo of a sunset",
        },
        { speaker: "Caroline", text: "turn without an id" },
      ],
      session_2_date_time: "2:00 pm on 9 May, 2023",
      session_2: [
        { speaker: "Melanie", dia_id: "D2:1", text: "I went to the support group." },
        { speaker: "Caroline", dia_id: "D2:5", text: "Nice." },
      ],
      // Date keys without a session (conv-26 has 35 date keys and 19 sessions).
      session_3_date_time: "3:00 pm on 10 May, 2023",
      session_10_date_time: "4:00 pm on 11 May, 2023",
      session_11: [{ speaker: "Caroline", dia_id: "D11:26", text: "Late session." }],
    },
    qa: [
      { question: "What year?", answer: 2022, evidence: ["D1:1"], category: 2 },
      { question: "Two ids in one string", answer: "sunset", evidence: ["D1:2; D2:1"], category: 1 },
      { question: "Space separated", answer: "x", evidence: ["D2:1 D1:1 D2:5"], category: 1 },
      { question: "Broken ids", answer: "x", evidence: ["D", "D:11:26", "D2:05"], category: 4 },
      { question: "Missing from conversation", answer: "x", evidence: ["D9:9", "D1:1"], category: 4 },
      { question: "No evidence", answer: "Likely no", evidence: [], category: 3 },
      { question: "Evidence key absent", answer: "x", category: 3 },
      { question: "Adversarial", adversarial_answer: "Not mentioned", evidence: ["D2:1"], category: 5 },
      { question: "Duplicate ids", answer: "x", evidence: ["D1:1", "D1:1"], category: 4 },
      { question: 42, answer: "no question text", evidence: ["D1:1"], category: 4 },
    ],
  };
}

describe("parseEvidence", () => {
  it("splits lists and repairs zero-padded and stray-colon ids", () => {
    expect(parseEvidence("D8:6; D9:17")).toEqual(["D8:6", "D9:17"]);
    expect(parseEvidence("D9:1 D4:4 D4:6")).toEqual(["D9:1", "D4:4", "D4:6"]);
    expect(parseEvidence("D30:05")).toEqual(["D30:5"]);
    expect(parseEvidence("D:11:26")).toEqual(["D11:26"]);
    expect(parseEvidence("D")).toEqual([]);
    expect(parseEvidence("")).toEqual([]);
  });
});

describe("parseLocomo", () => {
  const { conversations, warnings } = parseLocomo([defectiveSample()]);
  const conversation = conversations[0]!;
  const question = (text: string) => conversation.questions.find((item) => item.question === text)!;

  it("iterates session keys, not date keys, and keeps each session's date", () => {
    expect(conversation.sessions.map((session) => session.number)).toEqual([1, 2, 11]);
    expect(conversation.sessions[0]!.dateTime).toBe("1:56 pm on 8 May, 2023");
    expect(conversation.sessions[2]!.dateTime).toBeUndefined();
    expect(conversation.speakers).toEqual(["Caroline", "Melanie"]);
  });

  it("skips turns without an id and appends image captions", () => {
    expect(conversation.sessions[0]!.turns.map((turn) => turn.diaId)).toEqual(["D1:1", "D1:2"]);
    expect(conversation.sessions[0]!.turns[1]!.text).toBe(
      "Look at this [shares an image: a photo of a sunset]",
    );
    expect(warnings.some((line) => line.includes("has no dia_id"))).toBe(true);
  });

  it("coerces integer answers and uses adversarial_answer when answer is missing", () => {
    expect(question("What year?").answer).toBe("2022");
    expect(question("Adversarial").answer).toBe("Not mentioned");
    expect(question("Adversarial").category).toBe(5);
  });

  it("splits multi-id strings and repairs broken ids that name a real turn", () => {
    expect(question("Two ids in one string").evidence).toEqual(["D1:2", "D2:1"]);
    expect(question("Space separated").evidence).toEqual(["D2:1", "D1:1", "D2:5"]);
    expect(question("Broken ids").evidence).toEqual(["D11:26", "D2:5"]);
    expect(warnings).toContain('conv-x qa 3: evidence "D" is not a dialogue id; dropped');
    expect(warnings).toContain('conv-x qa 3: evidence "D:11:26" read as D11:26');
    expect(warnings).toContain('conv-x qa 3: evidence "D2:05" read as D2:5');
  });

  it("drops ids absent from the conversation and de-duplicates", () => {
    expect(question("Missing from conversation").evidence).toEqual(["D1:1"]);
    expect(warnings).toContain("conv-x qa 4: evidence D9:9 is not a turn of the conversation; dropped");
    expect(question("Duplicate ids").evidence).toEqual(["D1:1"]);
  });

  it("keeps questions without evidence with an empty list and skips questions without text", () => {
    expect(question("No evidence").evidence).toEqual([]);
    expect(question("Evidence key absent").evidence).toEqual([]);
    expect(conversation.questions).toHaveLength(9);
    expect(warnings).toContain("conv-x qa 9: no question text; skipped");
  });

  it("accepts a single sample object and refuses data that is not LoCoMo", () => {
    expect(parseLocomo(defectiveSample()).conversations).toHaveLength(1);
    expect(() => parseLocomo({ hello: "world" })).toThrow(/Not LoCoMo data/);
    expect(() => parseLocomo([{ sample_id: "x" }])).toThrow(/No usable LoCoMo conversation/);
  });
});

describe("loadLocomo", () => {
  it("reads any path and explains unreadable or invalid files", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "locomo-test-"));
    try {
      const good = path.join(dir, "any name.json");
      writeFileSync(good, JSON.stringify([defectiveSample()]));
      expect(loadLocomo(good).conversations[0]!.sampleId).toBe("conv-x");
      const bad = path.join(dir, "bad.json");
      writeFileSync(bad, "{ not json");
      expect(() => loadLocomo(bad)).toThrow(/is not valid JSON/);
      expect(() => loadLocomo(path.join(dir, "missing.json"))).toThrow(/Cannot read LoCoMo data/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
