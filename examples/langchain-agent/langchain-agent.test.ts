import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

it("runs the LangChain agent offline: one search per turn, per-user memories, tools and retriever", {
  timeout: 180_000,
}, () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: import.meta.dirname,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const output = result.stdout;
  const turns = output.split("\n[").slice(1);
  const turn = (label: string) => turns.find((text) => text.startsWith(label)) ?? "";
  expect(turn("alice / alice-monday")).toMatch(/remembered for alice: .*Lives in Porto/);
  expect(turn("alice / alice-monday")).toMatch(/remembered for alice: .*Is allergic to peanuts/);
  // Bob's self-introduction is an identity fact the offline extractor keeps; nothing of alice's is his.
  expect(turn("bob / bob-monday")).toContain("remembered for bob: Name is Bob\n");
  const weather = turn("alice / alice-friday] What's the weather");
  expect(weather).toMatch(/retrieved: .*Lives in Porto/);
  expect(weather).toContain("2 model call(s), 1 memory search(es)");
  expect(weather).toContain("agent: It is 24°C and sunny in Porto.");
  expect(turn("alice / alice-friday] Please save")).toMatch(
    /remembered for alice: .*Favorite color is green/,
  );
  const bob = turn("bob / bob-friday");
  expect(bob).toContain("retrieved: (nothing)");
  expect(bob).toContain("agent: You never told me about any allergies.");
  expect(output).toMatch(/retriever documents for alice: Is allergic to peanuts/);
});
