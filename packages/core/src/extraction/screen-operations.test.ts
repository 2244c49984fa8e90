import { describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { Memory } from "../memory/memory.js";
import type { MemoryOptions } from "../memory/memory-options.js";
import { MockChatModel } from "../models/mock-chat-model.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryCandidate } from "./extraction-options.js";

const open = (options: Partial<MemoryOptions> = {}) =>
  new Memory({ store: createInMemoryStore(), embedder: createHashingEmbedder(), ...options });
const email = /[\w.+-]+@[\w-]+\.[\w.]+/gu;

describe("extraction.beforeWrite", () => {
  it("redacts and vetoes memories on the rule path", async () => {
    const seen: MemoryCandidate[] = [];
    const memory = open({
      extraction: {
        beforeWrite: (candidate) => {
          seen.push(candidate);
          if (/allergic/u.test(candidate.memory)) return false;
          return email.test(candidate.memory)
            ? { memory: candidate.memory.replace(email, "[email]") }
            : undefined;
        },
      },
    });
    const result = await memory.add("My email is dana@example.com. I'm allergic to cats. I live in Oslo.", {
      userId: "dana",
      infer: true,
    });
    expect(result.results.map((item) => item.memory)).toEqual(["Email is [email]", "Lives in Oslo"]);
    expect(result.skipped).toEqual([
      {
        reason: "vetoed",
        event: "ADD",
        memory: "Is allergic to cats",
        detail: "vetoed by extraction.beforeWrite.",
      },
    ]);
    expect(seen[0]).toMatchObject({ event: "ADD", type: "fact", slot: "email", scope: { userId: "dana" } });
    expect((await memory.getAll({ userId: "dana" })).results.map((item) => item.memory).sort()).toEqual([
      "Email is [email]",
      "Lives in Oslo",
    ]);
  });

  it("sees model UPDATEs with the previous text, and can retype them; applies to verbatim adds too", async () => {
    const llm = new MockChatModel({
      generate:
        '{"operations":[{"event":"UPDATE","text":"Phone is +351 912 345 678","type":"fact","target":1}]}',
    });
    const seen: MemoryCandidate[] = [];
    const memory = open({
      llm,
      extraction: {
        beforeWrite: (candidate) => {
          seen.push(candidate);
          return { memory: candidate.memory.replace(/\+?\d[\d ]{7,}\d/gu, "[phone]"), type: "profile" };
        },
      },
    });
    const [phone] = (await memory.add("Phone is 555 0100 200", { userId: "u" })).results;
    expect(phone!.memory).toBe("Phone is [phone]");
    const result = await memory.add("new phone: +351 912 345 678", { userId: "u", infer: true });
    expect(result.results).toEqual([
      expect.objectContaining({
        event: "UPDATE",
        memory: "Phone is [phone]",
        previousMemory: "Phone is [phone]",
      }),
    ]);
    expect(seen[1]).toMatchObject({
      event: "UPDATE",
      previousMemory: "Phone is [phone]",
      memory: "Phone is +351 912 345 678",
    });
    expect((await memory.get(phone!.id, { anyScope: true }))?.type).toBe("profile");
  });

  it("turns a redacted text that now duplicates a stored memory into NONE", async () => {
    const memory = open({
      extraction: { beforeWrite: (candidate) => ({ memory: candidate.memory.replace(email, "[email]") }) },
    });
    const [first] = (await memory.add("Email is a@b.co", { userId: "u" })).results;
    const second = await memory.add("Email is c@d.co", { userId: "u" });
    expect(second.results).toEqual([{ id: first!.id, memory: "Email is [email]", event: "NONE" }]);
  });

  it("rejects a hook answer with empty text", async () => {
    const memory = open({ extraction: { beforeWrite: () => ({ memory: " " }) } });
    await expect(memory.add("x", { userId: "u" })).rejects.toThrow(/return false to veto/);
  });
});

describe("extraction.agentPolicies", () => {
  const operations = JSON.stringify({
    operations: [
      {
        event: "ADD",
        text: "Is drafting the Q3 roadmap",
        type: "task_state",
        target: null,
        supersedes: null,
      },
      { event: "ADD", text: "Lives in Porto", type: "fact", target: null, supersedes: null },
      { event: "DELETE", text: "", type: "fact", target: 1, supersedes: null },
    ],
  });

  it("lets a restricted agent write only its types, and reports the rest", async () => {
    const store = createInMemoryStore();
    const scope = { userId: "alice", agentId: "planner" };
    const admin = new Memory({ store, embedder: createHashingEmbedder() });
    const [lisbon] = (await admin.add("Lives in Lisbon", scope)).results;
    const memory = new Memory({
      store,
      embedder: createHashingEmbedder(),
      llm: new MockChatModel({ generate: operations }),
      extraction: { agentPolicies: { planner: { types: ["task_state"] } } },
    });
    const result = await memory.add("Drafting the Q3 roadmap; moved from Lisbon to Porto", {
      ...scope,
      infer: true,
    });
    expect(result.results.map((item) => [item.event, item.memory])).toEqual([
      ["ADD", "Is drafting the Q3 roadmap"],
    ]);
    expect(result.skipped?.map((entry) => [entry.reason, entry.event, entry.memory])).toEqual([
      ["policy", "ADD", "Lives in Porto"],
      ["policy", "INVALIDATE", "Lives in Lisbon"],
    ]);
    expect(result.skipped?.[0]?.detail).toMatch(/may only write task_state memories, not fact/);
    expect((await memory.get(lisbon!.id, { anyScope: true }))?.validTo).toBeNull();
  });

  it("applies the policy to verbatim adds and leaves other agents and agent-less adds alone", async () => {
    const memory = open({
      extraction: { agentPolicies: { planner: { types: ["task_state"], events: ["ADD"] } } },
    });
    const denied = await memory.add("Likes tea", { userId: "a", agentId: "planner" });
    expect(denied.results).toEqual([]);
    expect(denied.skipped?.[0]?.reason).toBe("policy");
    expect(
      (await memory.add("Sprint goal: ship search", { userId: "a", agentId: "planner", type: "task_state" }))
        .results,
    ).toHaveLength(1);
    expect((await memory.add("Likes tea", { userId: "a", agentId: "chat" })).results).toHaveLength(1);
    expect((await memory.add("Likes coffee", { userId: "a" })).results).toHaveLength(1);
  });

  it("validates extraction options at construction", () => {
    expect(() => open({ extraction: { agentPolicies: { planner: { types: ["Task State"] } } } })).toThrow(
      /agentPolicies\.planner\.types\[0\]/,
    );
    expect(() =>
      open({ extraction: { agentPolicies: { planner: { events: ["MERGE" as "ADD"] } } } }),
    ).toThrow(/ADD/);
    expect(() => open({ extraction: { types: [] } })).toThrow(/extraction\.types/);
    expect(() => open({ extraction: { types: [{ name: "skill", description: "" }] } })).toThrow(
      /description/,
    );
    expect(() => open({ extraction: { beforeWrite: "redact" as never } })).toThrow(/beforeWrite/);
    expect(() => open({ llm: { generate: () => ({ text: "" }) } as never })).toThrow(/ChatModel/);
  });
});
