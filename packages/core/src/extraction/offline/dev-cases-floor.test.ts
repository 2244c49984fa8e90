import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { extractRuleFacts } from "../rules/extract-with-rules.js";

interface Case {
  category: string;
  text: string;
  expected: Array<{ memory: string; type: string; slot?: string }>;
}

const cases = JSON.parse(
  readFileSync(new URL("../../../../../benchmarks/src/extraction/cases/dev.json", import.meta.url), "utf8"),
) as Case[];

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .replace(/[’']s\b/gu, "")
      .replace(/[^\p{L}\p{N}\s]+/gu, " ")
      .split(/\s+/u)
      .filter(
        (word) =>
          word &&
          !["a", "an", "the", "their", "is", "are", "has", "to", "of", "at", "in", "on"].includes(word),
      ),
  );

// The same matching as `pnpm eval:extraction` (benchmarks/src/extraction/score-cases.ts), kept small here.
function same(
  left: { memory: string; type: string; slot?: string },
  right: Case["expected"][number],
): boolean {
  if (left.type !== right.type || (left.slot ?? "") !== (right.slot ?? "")) return false;
  const a = words(left.memory);
  const b = words(right.memory);
  return [...a].filter((word) => b.has(word)).length / Math.max(a.size, b.size) >= 0.75;
}

it("keeps precision and recall on the development cases above their floor", async () => {
  let found = 0;
  let right = 0;
  let wanted = 0;
  for (const item of cases) {
    const open = [...item.expected];
    wanted += open.length;
    for (const fact of await extractRuleFacts(item.text)) {
      found++;
      const index = open.findIndex((expected) => same(fact, expected));
      if (index >= 0) {
        open.splice(index, 1);
        right++;
      }
    }
  }
  expect(cases.length).toBeGreaterThan(300);
  // Measured 99 % precision and 94 % recall on 306 cases when the floor was set; the margin absorbs small wording changes.
  expect(right / found).toBeGreaterThanOrEqual(0.95);
  expect(right / wanted).toBeGreaterThanOrEqual(0.89);
});
