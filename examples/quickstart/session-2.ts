// Session 2, a week later in a new process: the assistant recalls, corrects and forgets.
import { Memory } from "@engram/core";
import { heading, memoryDir, printResult, user } from "./shared.js";

const memory = new Memory({ path: memoryDir });

heading(`Session 2 (process ${process.pid}), a week later: the assistant prepares dinner ideas`);
const query = "Cooking dinner for the user tonight: any food allergies or diet to respect?";
console.log(`  search: "${query}"`);
const { results } = await memory.search(query, { ...user, limit: 3, explain: true });
results.forEach(printResult);

heading('Dana: "I moved to Porto last month." — correcting the old fact');
const [home] = (await memory.search("where does the user live?", { ...user, limit: 1 })).results;
if (!home) throw new Error("the demo expected a memory about where Dana lives");
const updated = await memory.update(home.id, { memory: "Lives in Porto" }, { ...user, actor: "assistant" });
console.log(`  updated ${home.id.slice(0, 8)}…: "${home.memory}" → "${updated.memory}"`);

heading('Dana: "Please forget where I work."');
const [job] = (await memory.search("where does the user work?", { ...user, limit: 1 })).results;
if (!job) throw new Error("the demo expected a memory about Dana's work");
await memory.delete(job.id, user);
console.log(`  deleted "${job.memory}"`);

heading("Everything Engram now knows about Dana");
for (const item of (await memory.getAll(user)).results) console.log(`  • ${item.memory}`);

heading("Audit history");
for (const id of [home.id, job.id]) {
  for (const entry of await memory.history(id, user)) {
    const change =
      entry.event === "ADD"
        ? `"${entry.newValue}"`
        : entry.event === "DELETE"
          ? `"${entry.previousValue}"`
          : `"${entry.previousValue}" → "${entry.newValue}"`;
    console.log(`  ${entry.createdAt}  ${entry.event.padEnd(6)} by ${entry.actor.padEnd(9)} ${change}`);
  }
}

await memory.close();
