// Session 2, a week later in a new process: the assistant recalls, learns what changed, and forgets on request.
import { Memory } from "@engram/core";
import { heading, memoryDir, printResult, user } from "./shared.js";

const memory = new Memory({ path: memoryDir });

heading(`Session 2 (process ${process.pid}), a week later: the assistant plans dinner`);
const query = "Cooking dinner for the user tonight: any food allergies or diet to respect?";
console.log(`  search: "${query}"`);
const { results } = await memory.search(query, { ...user, limit: 3, explain: true });
results.forEach(printResult);

heading('Dana: "I moved to Porto last month. Actually, I don\'t work at Acme anymore."');
const [lisbon] = (await memory.search("where does the user live?", { ...user, limit: 1 })).results;
const update = await memory.add(
  [
    { role: "user", content: "I moved to Porto last month." },
    { role: "user", content: "Actually, I don't work at Acme anymore." },
  ],
  { ...user, infer: true },
);
for (const result of update.results) {
  const replaced = await Promise.all((result.superseded ?? []).map((id) => memory.get(id, user)));
  const note = replaced.length ? `  (supersedes "${replaced.map((item) => item?.memory).join('", "')}")` : "";
  console.log(`  ${result.event.padEnd(6)} ${result.memory}${note}`);
}

heading('Dana: "Please forget that I\'m training for a marathon."');
const [marathon] = (await memory.search("marathon training", { ...user, limit: 1 })).results;
if (!marathon) throw new Error("the demo expected a memory about the marathon");
await memory.delete(marathon.id, { ...user, actor: "assistant" });
console.log(`  deleted "${marathon.memory}"`);

heading("What Engram knows about Dana now");
for (const item of (await memory.getAll(user)).results) console.log(`  • ${item.memory}`);

if (lisbon) {
  heading(`What it believed at ${lisbon.createdAt} (asOf)`);
  for (const item of (await memory.getAll({ ...user, asOf: lisbon.createdAt })).results)
    console.log(`  • ${item.memory}`);

  heading("Audit history of the old address and of the forgotten memory");
  for (const id of [lisbon.id, marathon.id]) {
    for (const entry of await memory.history(id, user)) {
      const successor = entry.details?.supersededBy;
      const replacement =
        typeof successor === "string" ? (await memory.get(successor, user))?.memory : undefined;
      const change = entry.erased
        ? "(content erased: the memory was forgotten)"
        : entry.event === "ADD"
          ? `"${entry.newValue}"`
          : entry.event === "DELETE"
            ? "(forgotten: only this content-free entry remains)"
            : entry.event === "SUPERSEDE"
              ? `"${entry.previousValue}" → "${replacement ?? successor}"`
              : `"${entry.previousValue}" → "${entry.newValue}"`;
      console.log(`  ${entry.createdAt}  ${entry.event.padEnd(9)} by ${entry.actor.padEnd(15)} ${change}`);
    }
  }
}

await memory.close();
