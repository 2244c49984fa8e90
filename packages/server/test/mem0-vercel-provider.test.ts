// The real `@mem0/vercel-ai-provider` memory helpers (the calls its Mem0 model wrapper makes before every
// generation) pointed at the server with their `host` option.
import { addMemories, getMemories, retrieveMemories, searchMemories } from "@mem0/vercel-ai-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const config = (userId: string, key: string = keys.acme) => ({
  mem0ApiKey: key,
  host: server.url,
  user_id: userId,
  infer: false,
});

/** One user turn in the AI SDK's prompt format. */
const userSays = (text: string) => [{ role: "user" as const, content: [{ type: "text" as const, text }] }];

describe("@mem0/vercel-ai-provider against the server", () => {
  it("adds AI SDK prompt messages and finds them again for the same user only", async () => {
    const added = (await addMemories(
      [
        { role: "user", content: [{ type: "text", text: "My favourite climbing spot is Sintra." }] },
        { role: "user", content: [{ type: "text", text: "I climb every Saturday." }] },
      ],
      config("vp-alice"),
    )) as { results: Array<{ event: string }> };
    expect(added.results.map((item) => item.event)).toEqual(["ADD", "ADD"]);
    await addMemories(userSays("I collect stamps."), config("vp-bob"));

    const found = (await getMemories("What is my favourite climbing spot?", config("vp-alice"))) as Array<{
      memory: string;
      user_id: string;
    }>;
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.memory).toBe("My favourite climbing spot is Sintra.");
    expect(found.every((item) => item.user_id === "vp-alice")).toBe(true);
    expect(found.map((item) => item.memory)).not.toContain("I collect stamps.");

    const prompt = await retrieveMemories("What is my favourite climbing spot?", config("vp-alice"));
    expect(prompt).toContain("Memory: My favourite climbing spot is Sintra.");
    expect(prompt).not.toContain("stamps");

    const raw = (await searchMemories("stamps", config("vp-bob"))) as { results: Array<{ memory: string }> };
    expect(raw.results.map((item) => item.memory)).toEqual(["I collect stamps."]);
  });

  it("is refused with a wrong key and with a key pinned to another user", async () => {
    await expect(getMemories("climb", config("vp-alice", "not-a-key-0000000000000000000"))).rejects.toThrow(
      /401/u,
    );
    await expect(addMemories(userSays("Sneaky."), config("vp-alice", keys.alice))).rejects.toThrow(/403/u);
  });
});
