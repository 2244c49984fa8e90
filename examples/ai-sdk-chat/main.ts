// An AI SDK chat with Engram memory: what a user says in one request is remembered (SQLite on disk, offline
// word-vector embeddings) and retrieved in a later request, for generateText and streamText alike.
// Run it with `pnpm start`; set ENGRAM_DIR to keep the memories between runs.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { engramMiddleware } from "@engram/ai-sdk";
import { Memory } from "@engram/core";
import { generateText, streamText, wrapLanguageModel } from "ai";
import { createToyModel, memoriesInPrompt } from "./toy-model.js";

const directory = process.env.ENGRAM_DIR ?? mkdtempSync(path.join(os.tmpdir(), "engram-ai-sdk-chat-"));
// The default Memory: a SQLite store in `directory` and the offline wink embedder.
const memory = new Memory({ path: directory });
// The demo turns the relevance floor off: the default (0.5, measured on LoCoMo) drops its terse questions' facts.
const middleware = engramMiddleware({ memory, minRelevance: 0 });
const model = wrapLanguageModel({
  model: createToyModel((options) => {
    const retrieved = memoriesInPrompt(options);
    console.log(
      `  retrieved: ${retrieved.length ? retrieved.map((text) => JSON.stringify(text)).join(", ") : "(nothing)"}`,
    );
  }),
  middleware,
});
const system = "You are a friendly cooking assistant.";

async function remembered(userId: string): Promise<void> {
  const { results } = await memory.getAll({ userId });
  console.log(
    `  remembered for ${userId}: ${results.map((item) => JSON.stringify(item.memory)).join(", ") || "(nothing)"}`,
  );
}

console.log(`[engram] memories are stored in ${directory}\n`);

console.log('alice (generateText): "I\'m vegetarian and I live in Lisbon."');
const first = await generateText({
  model,
  system,
  prompt: "I'm vegetarian and I live in Lisbon.",
  providerOptions: { engram: { userId: "alice" } },
});
console.log(`  assistant: ${first.text}`);
await middleware.flush(); // write-back runs in the background; wait for it before reading it back
await remembered("alice");

console.log('\nalice, a later request (streamText): "What should I cook for dinner tonight?"');
const stream = streamText({
  model,
  system,
  prompt: "What should I cook for dinner tonight?",
  providerOptions: { engram: { userId: "alice" } },
});
let streamed = "";
for await (const delta of stream.textStream) {
  if (!streamed) process.stdout.write("  assistant (streamed): ");
  process.stdout.write(delta);
  streamed += delta;
}
process.stdout.write("\n");

console.log('\nbob (generateText): "What should I cook for dinner tonight?"');
const bob = await generateText({
  model,
  system,
  prompt: "What should I cook for dinner tonight?",
  providerOptions: { engram: { userId: "bob" } },
});
console.log(`  assistant: ${bob.text}`);

await middleware.flush();
await remembered("bob");
await memory.close();
if (!process.env.ENGRAM_DIR) rmSync(directory, { recursive: true, force: true });
