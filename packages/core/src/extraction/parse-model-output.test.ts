import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModelOutputProblem, extractJsonText, parseModelOutput } from "./parse-model-output.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("parseModelOutput", () => {
  it("reads JSON after a <think> block inside a ```json fence", () => {
    const { operations, invalid } = parseModelOutput(fixture("think-then-fenced.txt"));
    expect(invalid).toEqual([]);
    expect(operations).toEqual([
      { event: "ADD", text: "Lives in Porto", type: "fact", target: null, supersedes: 1 },
      { event: "NONE", text: "", type: "preference", target: 2, supersedes: null },
    ]);
  });

  it("reads a fenced block surrounded by prose", () => {
    const { operations } = parseModelOutput(fixture("prose-then-fenced.txt"));
    expect(operations.map((operation) => [operation.event, operation.text, operation.target])).toEqual([
      ["UPDATE", "Works as a senior data engineer", 1],
      ["ADD", "Is allergic to peanuts", null],
    ]);
  });

  it("reads bare JSON", () => {
    expect(parseModelOutput(fixture("plain.json")).operations.map((operation) => operation.event)).toEqual([
      "DELETE",
      "ADD",
    ]);
  });

  it("accepts Mem0-style keys, string ids and lowercase events", () => {
    const { operations } = parseModelOutput(fixture("mem0-style.json"));
    expect(operations).toEqual([
      { event: "ADD", text: "Has a dog named Max", type: undefined, target: 0, supersedes: undefined },
      { event: "UPDATE", text: "Drinks oat milk lattes", type: undefined, target: 1, supersedes: undefined },
    ]);
  });

  it("accepts a bare array of operations", () => {
    expect(parseModelOutput('[{"event":"ADD","text":"Likes tea"}]').operations).toHaveLength(1);
  });

  it("keeps valid operations and reports wrongly typed ones individually", () => {
    const { operations, invalid } = parseModelOutput(fixture("wrong-types.json"));
    expect(operations).toEqual([
      { event: "ADD", text: "Speaks Portuguese", type: "Fact", target: null, supersedes: null },
    ]);
    expect(invalid.map((entry) => entry.index)).toEqual([0, 1, 2]);
    expect(invalid[0]!.problem).toMatch(/text/);
    expect(invalid[1]!.problem).toMatch(/target/);
    expect(invalid[2]!.problem).toMatch(/event/);
  });

  it.each([
    ["truncated.txt", /not valid JSON|incomplete/],
    ["unfinished-think.txt", /unfinished <think>/],
    ["empty.txt", /empty/],
    ["not-json.txt", /no JSON/],
  ])("rejects %s as a whole", (name, problem) => {
    expect(() => parseModelOutput(fixture(name))).toThrow(ModelOutputProblem);
    expect(() => parseModelOutput(fixture(name))).toThrow(problem);
  });

  it("rejects JSON of the wrong shape", () => {
    expect(() => parseModelOutput('{"operations":"none"}')).toThrow(/shape/);
    expect(() => parseModelOutput('{"facts":["Likes tea"]}')).toThrow(/shape/);
    expect(() => parseModelOutput("42")).toThrow(/no JSON object/);
  });

  it("extracts the JSON text between the first opener and its last closer", () => {
    expect(extractJsonText('Sure! {"operations":[]} Hope that helps.')).toBe('{"operations":[]}');
    expect(extractJsonText("<THINK>x</THINK>[1]")).toBe("[1]");
  });
});
