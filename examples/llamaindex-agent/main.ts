// A LlamaIndex agent with Engram memory: each turn is written to Engram as it happens (SQLite on disk,
// offline word-vector embeddings), and a fresh agent in a later run recalls it. The agent can also save
// memories itself through Engram's tools. Run it with `pnpm start`; set ENGRAM_DIR to keep the memories.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Memory } from "@engram/core";
import { createEngramMemory, engramTools } from "@engram/llamaindex";
import { agent } from "@llamaindex/workflow";
import { memoriesIn, ToyLLM } from "./toy-llm.js";

const directory = process.env.ENGRAM_DIR ?? mkdtempSync(path.join(os.tmpdir(), "engram-llamaindex-agent-"));
// The default Memory: a SQLite store in `directory` and the offline wink embedder.
const engram = new Memory({ path: directory });

const llm = new ToyLLM((messages) => {
  const retrieved = memoriesIn(messages);
  console.log(
    `  retrieved: ${retrieved.length ? retrieved.map((text) => JSON.stringify(text)).join(", ") : "(nothing)"}`,
  );
});

/** One run of a brand-new agent for `userId`: a fresh chat memory, so only Engram carries anything over. */
async function chat(userId: string, message: string, withTools = false): Promise<void> {
  console.log(`\n${userId}: ${JSON.stringify(message)}`);
  // The relevance floor is off here: the default (0.5, measured on LoCoMo) drops this demo's terse questions' facts.
  const memory = createEngramMemory({ memory: engram, scope: { userId }, minRelevance: 0 });
  const tools = withTools ? engramTools({ memory: engram, userId }) : [];
  const result = await agent({
    llm,
    memory,
    tools,
    systemPrompt: "You are a helpful cooking assistant.",
  }).run(message);
  console.log(`  assistant: ${result.data.result}`);
  await memory.flush(); // the agent does not await write-back; wait before the process moves on
}

async function remembered(userId: string): Promise<void> {
  const { results } = await engram.getAll({ userId });
  console.log(
    `  remembered for ${userId}: ${results.map((item) => JSON.stringify(item.memory)).join(", ") || "(nothing)"}`,
  );
}

console.log(`[engram] memories are stored in ${directory}`);
await chat("alice", "I'm allergic to peanuts and I love Thai food.");
await remembered("alice");
await chat("alice", "Please remember that my sister Ana is visiting next week", true);
await remembered("alice");
await chat("alice", "Can you suggest a dinner recipe?");
await chat("bob", "Can you suggest a dinner recipe?");
await remembered("bob");

await engram.close();
if (!process.env.ENGRAM_DIR) rmSync(directory, { recursive: true, force: true });
