// A LangChain `createAgent` agent with the Engram memory middleware, fully offline: SQLite plus the wink
// word-vector embedder, and LangChain's fake chat model standing in for an LLM. Run it with `pnpm start`.
//
// The middleware searches Engram once per turn, adds what it found to the system prompt of every model call
// of the turn (the thread never stores it), writes the turn back through Engram's extraction afterwards,
// and gives the model memory tools. An EngramRetriever shows the same memories as LangChain Documents.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Memory } from "@engram/core";
import { createEngramMiddleware, EngramRetriever } from "@engram/langchain";
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { createAgent, fakeModel, tool } from "langchain";
import { z } from "zod";

const keepDir = process.env.ENGRAM_DIR;
const dir = keepDir ?? mkdtempSync(path.join(os.tmpdir(), "engram-langchain-example-"));
const memory = new Memory({ path: dir });

// Count searches, to show that the middleware searches once per turn however many model calls the turn makes.
let searches = 0;
const buildContext = memory.buildContext.bind(memory);
memory.buildContext = (...args) => {
  searches += 1;
  return buildContext(...args);
};

const weather = tool(async ({ city }) => `It is 24°C and sunny in ${city}.`, {
  name: "get_weather",
  description: "Current weather for a city.",
  schema: z.object({ city: z.string() }),
});

/** The memories the middleware put into the system prompt of a model call. */
function memoriesIn(messages: BaseMessage[]): string[] {
  const system = messages[0]?.getType() === "system" ? messages[0].text : "";
  return system
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
}

// A scripted stand-in LLM. Its answers depend on the memories it is shown, as a real model's would.
const model = fakeModel()
  .respond(new AIMessage("Nice to meet you! I'll keep that in mind."))
  .respond(new AIMessage("Hello Bob!"))
  .respond((messages) => {
    const home = memoriesIn(messages).find((text) => text.startsWith("Lives in "));
    const city = home ? home.slice("Lives in ".length) : "an unknown city";
    return new AIMessage({
      content: "",
      tool_calls: [{ name: "get_weather", args: { city }, id: "call-weather", type: "tool_call" }],
    });
  })
  .respond((messages) => new AIMessage(`${messages.at(-1)!.text} (I remembered where you live.)`))
  .respond(
    new AIMessage({
      content: "",
      tool_calls: [
        {
          name: "save_memory",
          args: { memory: "Favorite color is green" },
          id: "call-save",
          type: "tool_call",
        },
      ],
    }),
  )
  .respond(new AIMessage("Saved!"))
  .respond((messages) => {
    const allergies = memoriesIn(messages).filter((text) => /allerg/i.test(text));
    return new AIMessage(
      allergies.length ? `You told me: ${allergies.join("; ")}.` : "You never told me about any allergies.",
    );
  });

// The relevance floor's default (0.5) was measured on LoCoMo; this short demo's questions are terser than its
// facts, so it uses a lower floor.
const middleware = createEngramMiddleware({ memory, tools: ["search", "save"], minRelevance: 0.3 });
const agent = createAgent({
  model,
  tools: [weather],
  systemPrompt: "You are a helpful assistant.",
  middleware: [middleware],
  checkpointer: new MemorySaver(),
});

let calls = 0;
async function chat(userId: string, threadId: string, text: string): Promise<void> {
  searches = 0;
  const result = await agent.invoke(
    { messages: [new HumanMessage(text)] },
    { context: { userId }, configurable: { thread_id: threadId } },
  );
  await middleware.flush(); // only so the demo prints what was written; agents never wait for it
  const seen = model.calls.slice(calls).map((call) => memoriesIn(call.messages));
  calls = model.calls.length;
  console.log(`\n[${userId} / ${threadId}] ${text}`);
  console.log(`  retrieved: ${seen[0]?.length ? seen[0].join(" | ") : "(nothing)"}`);
  console.log(`  ${seen.length} model call(s), ${searches} memory search(es)`);
  const turn = result.messages.slice(
    result.messages.findLastIndex((message) => message.getType() === "human"),
  );
  const tools = turn.filter((message) => message.getType() === "tool").map((message) => message.text);
  if (tools.length) console.log(`  tools: ${tools.join(" | ")}`);
  console.log(`  agent: ${result.messages.at(-1)!.text}`);
}

async function remembered(userId: string): Promise<void> {
  const { results } = await memory.getAll({ userId });
  console.log(`  remembered for ${userId}: ${results.map((item) => item.memory).join(" | ") || "(nothing)"}`);
}

try {
  console.log(`Engram memory in ${dir} (SQLite + offline wink embeddings)`);
  await chat("alice", "alice-monday", "Hi, I live in Porto and I am allergic to peanuts.");
  await remembered("alice");
  await chat("bob", "bob-monday", "Hello there, I'm Bob.");
  await remembered("bob");
  // A new thread: the conversation is gone, the long-term memories are not.
  await chat("alice", "alice-friday", "What's the weather like where I live?");
  await chat("alice", "alice-friday", "Please save that my favorite color is green.");
  await remembered("alice");
  await chat("bob", "bob-friday", "What am I allergic to?");
  const documents = await new EngramRetriever({
    memory,
    userId: "alice",
    limit: 3,
    minRelevance: 0.3,
  }).invoke("food allergies");
  console.log(
    `\nretriever documents for alice: ${documents.map((document) => document.pageContent).join(" | ")}`,
  );
} finally {
  await memory.close();
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
}
