import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

it("runs the LangGraph agent offline: it remembers per user and recalls in a new thread", {
  timeout: 180_000,
}, () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: import.meta.dirname,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const output = result.stdout;
  const line = (start: string) => output.split("\n").find((text) => text.trimStart().startsWith(start)) ?? "";
  expect(line("remembered for alice:")).toMatch(/Lives in Lisbon/);
  expect(line("remembered for alice:")).toMatch(/Is vegetarian/);
  expect(line("remembered for bob:")).toMatch(/Lives in Oslo/);
  expect(line("remembered for bob:")).not.toMatch(/Lisbon|vegetarian/);
  const [aliceFriday, bobFriday] = output.split("/ friday]").slice(1);
  expect(aliceFriday).toMatch(/retrieved: .*Lives in Lisbon/);
  expect(aliceFriday).toMatch(/agent: From what I remember \(.*Lisbon/);
  expect(bobFriday).toMatch(/retrieved: .*Oslo/);
  expect(bobFriday).not.toMatch(/Lisbon|vegetarian/);
  expect(output).toContain('namespaces in the store: [["alice","memories"],["bob","memories"]]');
});
