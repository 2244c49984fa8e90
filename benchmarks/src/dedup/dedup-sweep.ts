// `pnpm --filter @engram/benchmarks dedup:sweep`: chooses the near-duplicate rule of add() on the dev half of the
// labelled pairs, for the default offline embedder and the hashing embedder, and reports it on the held-out half.
import os from "node:os";
import { createHashingEmbedder, type Embedder } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { duplicatePairs, splitPairs } from "./duplicate-pairs.js";
import { freshPairs } from "./fresh-pairs.js";
import {
  type DuplicateRule,
  isDuplicate,
  pickRule,
  type RuleScore,
  type ScoredPair,
  scorePairs,
  scoreRule,
} from "./sweep-rule.js";

const percent = (value: number) => (100 * value).toFixed(1);
const describe = (rule: DuplicateRule) =>
  `similarity ≥ ${rule.threshold.toFixed(2)}, overlap ≥ ${rule.minOverlap}, extra terms ≤ ${rule.maxExtraTerms}`;
const cells = (score: RuleScore) =>
  `${percent(score.precision)} | ${percent(score.recall)} | ${score.truePositives}/${score.falsePositives}/${score.falseNegatives}`;

function errorsByKind(pairs: ScoredPair[], rule: DuplicateRule): string {
  const counts = new Map<string, number>();
  for (const pair of pairs) {
    if (isDuplicate(pair, rule) === pair.duplicate) continue;
    const key = `${pair.duplicate ? "missed" : "merged"} ${pair.kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key}: ${count}`).join(", ") || "none";
}

async function report(embedder: Embedder): Promise<string[]> {
  const { dev, heldOut } = splitPairs(duplicatePairs);
  const scoredDev = await scorePairs(embedder, dev);
  const scoredHeldOut = await scorePairs(embedder, heldOut);
  const scoredFresh = await scorePairs(embedder, freshPairs);
  const { rule, score } = pickRule(scoredDev);
  const lines = [
    `### ${embedder.name}`,
    "",
    `Chosen on dev (no false merge, highest recall): ${describe(rule)}.`,
    "",
    "| rule | half | precision | recall | TP/FP/FN |",
    "| --- | --- | ---: | ---: | --- |",
    `| chosen | dev | ${cells(score)} |`,
    `| chosen | held-out | ${cells(scoreRule(scoredHeldOut, rule))} |`,
    `| chosen | fresh | ${cells(scoreRule(scoredFresh, rule))} |`,
  ];
  const lexicalOnly = { ...rule, threshold: -1 };
  lines.push(`| same, no similarity test | held-out | ${cells(scoreRule(scoredHeldOut, lexicalOnly))} |`);
  const noLexical = { threshold: rule.threshold, minOverlap: 0, maxExtraTerms: Number.POSITIVE_INFINITY };
  const similarityOnly = (pair: ScoredPair) => ({ ...pair, lexical: { ...pair.lexical, compatible: true } });
  lines.push(
    `| similarity ≥ ${rule.threshold.toFixed(2)} alone | held-out | ${cells(scoreRule(scoredHeldOut.map(similarityOnly), noLexical))} |`,
  );
  lines.push("", `Held-out errors of the chosen rule: ${errorsByKind(scoredHeldOut, rule)}.`);
  lines.push("", `Fresh-set errors of the chosen rule: ${errorsByKind(scoredFresh, rule)}.`, "");
  lines.push("| similarity ≥ | dev P | dev R | held-out P | held-out R | held-out TP/FP/FN |");
  lines.push("| ---: | ---: | ---: | ---: | ---: | --- |");
  for (let threshold = 0.6; threshold <= 1.0001; threshold += 0.05) {
    const swept = { ...rule, threshold: Math.round(threshold * 100) / 100 };
    const onDev = scoreRule(scoredDev, swept);
    const onHeldOut = scoreRule(scoredHeldOut, swept);
    lines.push(
      `| ${swept.threshold.toFixed(2)} | ${percent(onDev.precision)} | ${percent(onDev.recall)} | ${cells(onHeldOut)} |`,
    );
  }
  lines.push("");
  return lines;
}

const { dev, heldOut } = splitPairs(duplicatePairs);
const count = (pairs: typeof dev) =>
  `${pairs.filter((pair) => pair.duplicate).length} duplicates, ${pairs.filter((pair) => !pair.duplicate).length} different facts`;
const output = [
  "## Near-duplicate rule sweep",
  "",
  `${duplicatePairs.length} labelled pairs: dev ${dev.length} (${count(dev)}), held-out ${heldOut.length} (${count(heldOut)}); a fresh set written after the rule was frozen: ${freshPairs.length} (${count(freshPairs)}). Machine: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}.`,
  "",
  ...(await report(createWinkEmbedder())),
  ...(await report(createHashingEmbedder())),
];
process.stdout.write(`${output.join("\n")}\n`);
