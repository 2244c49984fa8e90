import { buildExtractionPrompt, type ChatModelRequest } from "@engram/core";
import { describe, expect, it } from "vitest";
import type { UserMessage } from "./generator.js";
import { createTally, judgeAsOf, judgeCurrent, tallyAdd } from "./metrics.js";
import { parseExtractionPrompt, ScriptedOracleModel } from "./scripted-model.js";
import { slotDefinition } from "./topics.js";

const location = slotDefinition("location");
const relationship = slotDefinition("relationship");

describe("judgeCurrent", () => {
  it("counts a stale fact when one is injected, and the hit when the current value is there", () => {
    const clean = judgeCurrent(location, ["Lives in Porto", "Went hiking with Sam"], "Porto", ["Lisbon"]);
    expect(clean).toEqual({ hit: true, stale: 0, staleTexts: [] });
    const injected = judgeCurrent(location, ["Lives in Lisbon", "Lives in Porto"], "Porto", ["Lisbon"]);
    expect(injected).toEqual({ hit: true, stale: 1, staleTexts: ["Lives in Lisbon"] });
    expect(judgeCurrent(location, ["Lives in Lisbon"], "Porto", ["Lisbon"]).hit).toBe(false);
  });

  it("does not count negated or bridging statements as stale", () => {
    const judged = judgeCurrent(
      location,
      ["No longer lives in Lisbon", "Moved from Lisbon to Porto"],
      "Porto",
      ["Lisbon"],
    );
    expect(judged.stale).toBe(0);
  });

  it("reads relationship statuses", () => {
    expect(relationship.states("Is single", "single")).toBe(true);
    expect(relationship.states("Partner's name is Robin", "dating Robin")).toBe(true);
    expect(relationship.states("Is engaged to Robin", "dating Robin")).toBe(false);
    expect(relationship.states("Is engaged", "engaged to Robin")).toBe(true);
    expect(relationship.states("Broke up with Robin", "dating Robin")).toBe(false);
    expect(
      judgeCurrent(relationship, ["Is in a relationship with Robin"], "engaged to Robin", ["dating Robin"])
        .stale,
    ).toBe(1);
  });
});

describe("judgeAsOf", () => {
  it("is correct only when the value true then outranks every other value of the slot", () => {
    expect(
      judgeAsOf(location, ["Went hiking", "Lives in Lisbon", "Lives in Porto"], "Lisbon", ["Porto"]),
    ).toBe(true);
    expect(judgeAsOf(location, ["Lives in Porto", "Lives in Lisbon"], "Lisbon", ["Porto"])).toBe(false);
    expect(judgeAsOf(location, ["Went hiking"], "Lisbon", ["Porto"])).toBe(false);
  });
});

const message = (kind: UserMessage["kind"], text: string, facts: UserMessage["facts"] = []): UserMessage => ({
  text,
  kind,
  template: text,
  at: "2027-02-01T10:00:00.000Z",
  facts,
  ...(kind === "episode" ? { memory: "Went hiking with Sam" } : {}),
});

describe("tallyAdd", () => {
  it("separates extracted, recognised, stored-again and missed facts, and small-talk false positives", () => {
    const tally = createTally();
    const porto = [{ slot: "location" as const, value: "Porto" }];
    tallyAdd(tally, message("change", "I just moved to Porto.", porto), [
      { id: "1", memory: "Lives in Porto", event: "ADD" },
    ]);
    tallyAdd(tally, message("change", "Moving day!", porto), []);
    tallyAdd(tally, message("repeat", "I live in Porto.", porto), [
      { id: "1", memory: "Lives in Porto", event: "NONE" },
    ]);
    tallyAdd(tally, message("repeat", "I'm based in Porto.", porto), [
      { id: "2", memory: "Is based in Porto", event: "ADD" },
    ]);
    tallyAdd(tally, message("smalltalk", "Thanks!"), [{ id: "3", memory: "Says thanks", event: "ADD" }]);
    expect(tally.byKind.change).toMatchObject({ messages: 2, facts: 2, extracted: 1 });
    expect(tally.byKind.repeat).toMatchObject({ messages: 2, recognised: 1, storedAgain: 1 });
    expect(tally.byKind.smalltalk.falsePositives).toBe(1);
    expect(tally.byTemplate["Moving day!"]).toEqual({ kind: "change", messages: 1, hits: 0 });
  });
});

function extractionRequest(memories: string[], text: string): ChatModelRequest {
  const listed = memories.map((memory, index) => `${index + 1}. [fact] ${memory}`).join("\n");
  return {
    messages: [
      { role: "system", content: "instructions" },
      {
        role: "user",
        content: `Today: 2027-02-01\nExisting memories:\n${listed}\nNew messages:\nuser: ${text}`,
      },
    ],
    responseFormat: { name: "memory_operations", schema: {} },
  };
}

describe("ScriptedOracleModel", () => {
  it("parses the prompt core actually builds (fenced memories and messages)", () => {
    const request = buildExtractionPrompt({
      messages: [
        { role: "user", text: "I just moved to Porto." },
        { role: "assistant", text: "Nice!" },
      ],
      memories: [
        { memory: "Went hiking", type: "episode" },
        { memory: "Lives in Lisbon", type: "fact" },
      ],
      now: new Date("2027-02-01T00:00:00Z"),
    });
    expect(parseExtractionPrompt(request)).toEqual({
      memories: [
        { number: 1, type: "episode", text: "Went hiking" },
        { number: 2, type: "fact", text: "Lives in Lisbon" },
      ],
      messages: ["I just moved to Porto."],
    });
  });

  it("supersedes the old value when it is shown, and counts the change when it is not", () => {
    const model = new ScriptedOracleModel();
    const change = message("change", "I just moved to Porto.", [
      { slot: "location", value: "Porto", previous: "Lisbon" },
    ]);
    model.expect([change]);
    const shown = JSON.parse(
      model.generate(extractionRequest(["Went hiking", "Lives in Lisbon"], change.text)).text,
    );
    expect(shown.operations).toEqual([
      { event: "ADD", text: "Lives in Porto", type: "fact", target: null, supersedes: 2 },
    ]);
    const hidden = JSON.parse(model.generate(extractionRequest(["Went hiking"], change.text)).text);
    expect(hidden.operations[0].supersedes).toBeNull();
    expect(model.counts.changesWithoutOldValueShown).toBe(1);
    expect(model.calls.map((call) => call.format)).toEqual(["memory_operations", "memory_operations"]);
  });

  it("answers repeats with NONE, episodes with a dated ADD, and consolidation prompts deterministically", () => {
    const model = new ScriptedOracleModel();
    const repeat = message("repeat", "I live in Porto.", [{ slot: "location", value: "Porto" }]);
    model.expect([repeat]);
    expect(
      JSON.parse(model.generate(extractionRequest(["Lives in Porto"], repeat.text)).text).operations[0],
    ).toMatchObject({
      event: "NONE",
      target: 1,
    });
    const episode = message("episode", "I went hiking with Sam today.");
    model.expect([episode]);
    expect(JSON.parse(model.generate(extractionRequest([], episode.text)).text).operations[0].text).toBe(
      "Went hiking with Sam on 2027-02-01",
    );
    const summary = model.generate({
      messages: [
        { role: "system", content: "Summarize, at most 30 characters." },
        {
          role: "user",
          content: "1. [episode, 2027-01-02] Went hiking\n2. [episode, 2027-01-09] Watched Arrival",
        },
      ],
      responseFormat: { name: "memory_summary", schema: { properties: { summary: { type: "string" } } } },
    });
    expect(JSON.parse(summary.text)).toEqual({ summary: "Went hiking; Watched Arrival" });
    expect(model.calls.at(-1)!.format).toBe("memory_summary");
  });
});
