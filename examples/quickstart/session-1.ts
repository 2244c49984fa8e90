// Session 1: a conversation happens; Engram remembers what the user said.
import { Memory } from "@engram/core";
import { heading, memoryDir, user } from "./shared.js";

const memory = new Memory({ path: memoryDir });

const conversation = [
  { role: "user", content: "Hi! My name is Dana and I live in Lisbon." },
  { role: "assistant", content: "Nice to meet you, Dana! How can I help?" },
  { role: "user", content: "I'm vegetarian and allergic to peanuts." },
  { role: "user", content: "I work at Acme as a data engineer." },
  { role: "user", content: "I prefer short answers in bullet points." },
  { role: "user", content: "I'm training for the Porto half marathon in October." },
];

heading(`Session 1 (process ${process.pid}): Dana talks to the assistant`);
for (const message of conversation) console.log(`  ${message.role.padEnd(9)} ${message.content}`);

const { results } = await memory.add(conversation, { ...user, infer: true, metadata: { channel: "chat" } });
heading("Engram stored");
for (const result of results) console.log(`  ${result.event.padEnd(6)} ${result.memory}`);

// Saying the same thing again does not create a duplicate.
const again = await memory.add("I prefer short answers in bullet points.", { ...user, infer: true });
console.log(
  `\n  Said again: "I prefer short answers in bullet points." → ${again.results.map((r) => r.event).join(", ") || "nothing new"}`,
);

await memory.close();
