// pnpm eval:extraction — precision/recall/F1 of the offline extractor on the dev and fresh cases, per category.
// EXTRACTOR_BASELINE=<path to an older extract-with-rules.ts> adds that extractor's numbers beside ours.
import { readFileSync } from "node:fs";
import { extractRuleFacts } from "@engram/core";
import { type ExtractedFact, type ExtractionCase, rates, scoreCases, type Tally } from "./score-cases.js";

type Extractor = (text: string) => ExtractedFact[] | Promise<ExtractedFact[]>;

function loadCases(name: string): ExtractionCase[] {
  return JSON.parse(
    readFileSync(new URL(`./cases/${name}.json`, import.meta.url), "utf8"),
  ) as ExtractionCase[];
}

const percent = (value: number) => `${(value * 100).toFixed(1)}`;

function row(tally: Tally | undefined): string {
  if (!tally) return "– | – | – | –";
  const { precision, recall, f1 } = rates(tally);
  return `${percent(precision)} | ${percent(recall)} | ${percent(f1)} | ${tally.falsePositives}`;
}

async function report(set: string, extractors: Array<[string, Extractor]>): Promise<void> {
  const cases = loadCases(set);
  const results = [];
  for (const [, extract] of extractors) results.push(await scoreCases(cases, extract));
  const categories = [...new Set(cases.map((item) => item.category))].sort();
  console.log(`\n### ${set} set (${cases.length} cases)\n`);
  const heads = extractors.map(([name]) => `${name} P | R | F1 | FP`).join(" | ");
  console.log(`| category | cases | ${heads} |`);
  console.log(`|---|---|${extractors.map(() => "---|---|---|---").join("|")}|`);
  for (const category of [...categories, "overall"]) {
    const count =
      category === "overall" ? cases.length : cases.filter((item) => item.category === category).length;
    console.log(
      `| ${category} | ${count} | ${results.map((result) => row(result.get(category))).join(" | ")} |`,
    );
  }
}

/** Prints the cases the offline extractor gets wrong (EXTRACTION_MISSES=dev), for iterating on the dev set. */
async function printMisses(cases: ExtractionCase[]): Promise<void> {
  for (const item of cases) {
    const found = await extractRuleFacts(item.text);
    const tally = scoreCases([item], () => found);
    const overall = (await tally).get("overall")!;
    if (overall.falsePositives || overall.falseNegatives)
      console.log(
        item.category,
        JSON.stringify(item.text),
        "→",
        JSON.stringify(found.map((fact) => `${fact.memory} [${fact.type}/${fact.slot ?? ""}]`)),
      );
  }
}

async function main(): Promise<void> {
  const extractors: Array<[string, Extractor]> = [["offline", extractRuleFacts]];
  const baseline = process.env.EXTRACTOR_BASELINE;
  if (baseline) {
    const module = (await import(baseline)) as { extractRuleFacts: Extractor };
    extractors.unshift(["before", module.extractRuleFacts]);
  }
  if (process.env.EXTRACTION_MISSES) await printMisses(loadCases(process.env.EXTRACTION_MISSES));
  const sets = process.argv.slice(2).length ? process.argv.slice(2) : ["dev", "fresh"];
  const started = performance.now();
  await extractRuleFacts("I live in Porto.");
  console.log(`model load and first message: ${(performance.now() - started).toFixed(0)} ms`);
  for (const set of sets) await report(set, extractors);
  const texts = loadCases("dev").map((item) => item.text);
  const timed = performance.now();
  for (const text of texts) await extractRuleFacts(text);
  console.log(`\nper message (dev set, warm): ${((performance.now() - timed) / texts.length).toFixed(2)} ms`);
}

await main();
