// A child process for the SQLite durability tests: `node --import tsx sqlite-child.ts <db> <command> [args]`.
// Commands: add <userId> <text> | delete <id> | add-many <userId> <count> | add-forever <userId>
//   | add-same <userId> <count> (texts every process shares) | update-many <id> <count> (user "u")
import { createHashingEmbedder } from "../../embedders/hashing-embedder.js";
import { Memory } from "../../memory/memory.js";
import { createSqliteStore } from "../sqlite-store.js";

const [file, command, first, second] = process.argv.slice(2);
const memory = new Memory({
  store: createSqliteStore({ path: file! }),
  embedder: createHashingEmbedder({ dimensions: 64 }),
});

if (command === "add") {
  const { results } = await memory.add(second!, { userId: first! });
  console.log(`ADDED ${results[0]!.id}`);
} else if (command === "delete") {
  await memory.delete(first!, { anyScope: true });
  console.log("DELETED");
} else if (command === "add-many") {
  for (let index = 0; index < Number(second); index++) {
    const { results } = await memory.add(`memory ${index} from process ${process.pid}`, { userId: first! });
    console.log(`ACK ${results[0]!.id}`);
  }
} else if (command === "add-same") {
  for (let index = 0; index < Number(second); index++) {
    const { results } = await memory.add(`shared memory number ${index}`, { userId: first!, infer: false });
    console.log(`EVENT ${index} ${results[0]!.event} ${results[0]!.id}`);
  }
} else if (command === "update-many") {
  for (let index = 0; index < Number(second); index++) {
    await memory.update(first!, { memory: `process ${process.pid} wrote ${index}` }, { userId: "u" });
    console.log(`UPDATED ${index}`);
  }
} else if (command === "add-forever") {
  for (let index = 0; ; index++) {
    const messages = Array.from({ length: 5 }, (_, part) => ({
      role: "user",
      content: `turn ${index}.${part} ${"x".repeat(200)}`,
    }));
    const { results } = await memory.add(messages, { userId: first! });
    console.log(`ACK ${results.map((result) => result.id).join(",")}`);
  }
}
await memory.close();
