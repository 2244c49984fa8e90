// The Engram quickstart: two separate processes share one durable memory, fully offline.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { memoryDir } from "./shared.js";

rmSync(memoryDir, { recursive: true, force: true }); // start from an empty memory on every run

console.log("Engram quickstart — long-term memory for agents, offline (SQLite + local word vectors, no LLM)");
console.log(`Memory folder: ${memoryDir}`);

for (const session of ["session-1.ts", "session-2.ts"]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", session], {
    cwd: import.meta.dirname,
    stdio: "inherit",
    env: { ...process.env, ENGRAM_DIR: memoryDir },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log("\nDone. Both sessions were separate processes: what the second knew, it read from disk.");
