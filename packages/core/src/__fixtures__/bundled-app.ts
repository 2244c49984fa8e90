// A tiny app that bundled-app.test.ts bundles with esbuild and runs: the zero-config defaults, add then search.
import { Memory } from "@engram/core";

try {
  const memory = new Memory();
  await memory.add("Has a golden retriever called Biscuit", { userId: "bundle" });
  const { results } = await memory.search("what pet does she have? a dog?", { userId: "bundle" });
  await memory.close();
  console.log(JSON.stringify({ found: results[0]?.memory ?? null }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).message }));
}
