// `pnpm floor:locomo --data <file>`: how a relevance floor (core's `minRelevance`) trades LoCoMo evidence recall
// against unrelated memories injected, with the offline default embedder. The floor is chosen leave one
// conversation out: on the other conversations, then scored on the held-out one.
import { parseArgs } from "node:util";
import { loadTokenCounter } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { createEngramRetriever } from "./engram-retriever.js";
import { chooseFloor, type FloorCase, type FloorMetrics, floorMetrics } from "./floor-metrics.js";
import { loadLocomo } from "./load-locomo.js";
import { createObservationRetriever } from "./observation-retriever.js";
import { fromCallerDirectory } from "./locomo-options.js";

const usage = `Usage: pnpm floor:locomo --data <locomo json> [--memories turns|observations] [--budget 800] [--max-recall-loss 1] [--candidates 50]
  --data <file>              LoCoMo-format JSON (e.g. ../shared/data/locomo/locomo-dev.json)
  --memories <kind>          turns: every turn verbatim with 1 context turn; observations: LoCoMo's generated
                             facts (short, like extracted memories)                          (default turns)
  --budget <tokens>          token budget of the injected block (the adapters' default)   (default 800)
  --max-recall-loss <points> recall@10 a floor may cost on the training conversations        (default 1)
  --candidates <n>           memories retrieved per question before the floor              (default 50)`;

const log = (message: string) => process.stderr.write(`[floor:locomo] ${message}\n`);
const grid = Array.from({ length: 81 }, (_, index) => Math.round(index * 0.01 * 100) / 100);
// Fence, instructions and one heading of buildContext's block, measured once (see countOverhead).
const fenceOverhead = 40;

function options() {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      budget: { type: "string", default: "800" },
      "max-recall-loss": { type: "string", default: "1" },
      candidates: { type: "string", default: "50" },
      memories: { type: "string", default: "turns" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.data) return undefined;
  if (values.memories !== "turns" && values.memories !== "observations")
    throw new Error(`--memories must be turns or observations, got ${values.memories}.`);
  return {
    data: fromCallerDirectory(values.data),
    budget: Number(values.budget),
    maxRecallLoss: Number(values["max-recall-loss"]),
    candidates: Number(values.candidates),
    memories: values.memories as "turns" | "observations",
  };
}

/** Ranks every question of every conversation (and every other conversation's questions as off-topic controls). */
async function rankAll(file: string, candidates: number, memories: "turns" | "observations") {
  const dataset = loadLocomo(file);
  const count = await loadTokenCounter();
  const embedder = createWinkEmbedder();
  const retriever =
    memories === "turns"
      ? createEngramRetriever({ embedder, mode: "verbatim", contextTurns: 1 })
      : createObservationRetriever({ embedder, file });
  const cases = new Map<string, FloorCase[]>();
  const offTopic = new Map<string, FloorCase[]>();
  try {
    for (const conversation of dataset.conversations) await retriever.ingest(conversation);
    for (const conversation of dataset.conversations) {
      const rank = async (question: string, evidence: ReadonlySet<string>): Promise<FloorCase> => ({
        sampleId: conversation.sampleId,
        evidence,
        ranked: (await retriever.search(conversation, question, candidates)).map((memory) => ({
          ...memory,
          relevance: memory.relevance ?? 0,
          tokens: count(`- ${memory.text}\n`),
        })),
      });
      const own: FloorCase[] = [];
      for (const question of conversation.questions)
        if (question.evidence.length > 0) own.push(await rank(question.question, new Set(question.evidence)));
      const foreign: FloorCase[] = [];
      for (const other of dataset.conversations) {
        if (other === conversation) continue;
        // Every fourth question of each other conversation: names and events that never occur here.
        for (const question of other.questions.filter((_, index) => index % 4 === 0))
          foreign.push(await rank(question.question, new Set()));
      }
      cases.set(conversation.sampleId, own);
      offTopic.set(conversation.sampleId, foreign);
      log(`${conversation.sampleId}: ${own.length} questions, ${foreign.length} off-topic controls`);
    }
  } finally {
    await retriever.close();
  }
  return { cases, offTopic };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

function row(label: string, metrics: FloorMetrics): string {
  return `| ${label} | ${fixed(metrics.floor, 2)} | ${fixed(metrics.recall10)} | ${fixed(metrics.kept10)} | ${fixed(metrics.irrelevant10)} | ${fixed(metrics.precision10)} | ${fixed(metrics.empty)} | ${fixed(metrics.recallBudget)} | ${fixed(metrics.tokensBudget, 0)} | ${fixed(metrics.irrelevantBudget)} | ${fixed(metrics.offTopicBudget)} |`;
}

const header = (budget: number) =>
  [
    `| | floor | R@10 | kept@10 | non-evidence@10 | precision@10 % | no memory % | R@${budget} tok | tokens | non-evidence@${budget} tok | off-topic injected |`,
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ].join("\n");

async function main(): Promise<void> {
  const settings = options();
  if (!settings) {
    console.log(usage);
    return;
  }
  const budget = settings.budget - fenceOverhead;
  const { cases, offTopic } = await rankAll(settings.data, settings.candidates, settings.memories);
  const ids = [...cases.keys()];
  const lines = [
    `## Relevance floor, leave one conversation out (wink-sg-100d, ${settings.memories === "turns" ? "verbatim turns with 1 context turn" : "LoCoMo observations as memories"}, ${settings.candidates} candidates, ${settings.budget}-token block, floor chosen as the highest keeping training R@10 within ${settings.maxRecallLoss} point(s))`,
    "",
    header(settings.budget),
  ];
  const allCases = ids.flatMap((id) => cases.get(id)!);
  const allOffTopic = ids.flatMap((id) => offTopic.get(id)!);
  const chosen: number[] = [];
  for (const heldOut of ids) {
    const train = ids.filter((id) => id !== heldOut);
    const trainCases = train.flatMap((id) => cases.get(id)!);
    const trainOffTopic = train.flatMap((id) => offTopic.get(id)!);
    const floor = chooseFloor(grid, trainCases, trainOffTopic, budget, settings.maxRecallLoss);
    chosen.push(floor);
    const test = cases.get(heldOut)!;
    const testOffTopic = offTopic.get(heldOut)!;
    lines.push(row(`${heldOut} held out, no floor`, floorMetrics(0, test, testOffTopic, budget)));
    lines.push(
      row(
        `${heldOut} held out, floor from ${train.join(" + ")}`,
        floorMetrics(floor, test, testOffTopic, budget),
      ),
    );
  }
  const pooled = chooseFloor(grid, allCases, allOffTopic, budget, settings.maxRecallLoss);
  lines.push(
    "",
    `Floors chosen per fold: ${chosen.map((floor) => fixed(floor, 2)).join(", ")}; by the same rule on all conversations: ${fixed(pooled, 2)}.`,
    "",
  );
  lines.push("### The whole curve (all conversations pooled)", "", header(settings.budget));
  for (const floor of grid.filter((value) => Math.round(value * 100) % 5 === 0 && value <= 0.7))
    lines.push(row("all", floorMetrics(floor, allCases, allOffTopic, budget)));
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`[floor:locomo] ${(error as Error).message}\n\n${usage}`);
  process.exitCode = 1;
});
