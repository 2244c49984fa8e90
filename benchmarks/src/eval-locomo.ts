// `pnpm eval:locomo --data <file>`: LoCoMo retrieval recall of Engram (verbatim, rule-based and LLM extraction) and
// mem0ai on the same offline embedder, beside the published DRAGON and BM25 anchors.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChatModel } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import { createEngramRetriever } from "./locomo/engram-retriever.js";
import { type AnswerJudge, evaluateRetriever, type SystemEvaluation } from "./locomo/evaluate.js";
import { loadLlm as loadLlmModels } from "./locomo/llm-config.js";
import { answerAndJudge } from "./locomo/llm-judge.js";
import { loadLocomo } from "./locomo/load-locomo.js";
import { type LocomoOptions, locomoUsage, parseLocomoOptions } from "./locomo/locomo-options.js";
import { anchorTable, costTable, judgeTable, systemTable } from "./locomo/locomo-report.js";
import type { LocomoDataset } from "./locomo/locomo-types.js";
import { createMem0Retriever } from "./locomo/mem0-retriever.js";
import { leaveOneOutSection } from "./locomo/loo-report.js";
import { runLeaveOneOut } from "./locomo/loo-run.js";
import type { LocomoRetriever } from "./locomo/retriever.js";
import { prepareMem0Environment } from "./mem0/mem0-offline.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => process.stderr.write(`[eval:locomo] ${message}\n`);

function retrieversFor(options: LocomoOptions, llm: { model: ChatModel } | undefined): LocomoRetriever[] {
  const embedder = createWinkEmbedder();
  const retrievers: LocomoRetriever[] = [];
  if (options.systems.includes("engram")) {
    for (const mode of options.modes) {
      retrievers.push(
        createEngramRetriever({
          embedder,
          mode,
          speakerPrefix: options.speakerPrefix,
          datePrefix: options.datePrefix,
          contextTurns: options.contextTurns,
          ...(Object.keys(options.retrieval).length ? { retrieval: options.retrieval } : {}),
          ...(llm ? { llm: llm.model } : {}),
        }),
      );
    }
  }
  if (options.systems.includes("mem0"))
    retrievers.push(createMem0Retriever({ embedder, speakerPrefix: options.speakerPrefix }));
  return retrievers;
}

async function loadLlm(options: LocomoOptions): Promise<{ model: ChatModel; judge: ChatModel } | undefined> {
  if (!options.llm && !options.modes.includes("llm")) return undefined;
  const loaded = await loadLlmModels();
  if (typeof loaded === "string") throw new Error(`--llm and --modes llm need an LLM: ${loaded}`);
  return loaded;
}

function report(options: LocomoOptions, dataset: LocomoDataset, evaluations: SystemEvaluation[]): string {
  const variant = [
    `speaker prefix ${options.speakerPrefix ? "on" : "off"}`,
    ...(options.datePrefix ? ["date prefix on"] : []),
    ...(options.contextTurns ? [`${options.contextTurns} context turn(s)`] : []),
    ...(Object.keys(options.retrieval).length ? [`retrieval ${JSON.stringify(options.retrieval)}`] : []),
  ].join(", ");
  const sections = [
    `## LoCoMo retrieval (${path.basename(options.data)}: ${dataset.conversations.length} conversations, embedder wink-sg-100d, ${variant})`,
    `A memory is a hit when any of its source dialogue ids is in the question's evidence. ${evaluations[0]?.skippedNoEvidence ?? 0} questions without usable evidence are skipped; ${dataset.warnings.length} data defects were repaired or dropped (--show-warnings lists them).`,
    "### Recall@10 beside the published anchors",
    anchorTable(evaluations, 10),
    "### Recall@50 beside the published anchors",
    anchorTable(evaluations, 50),
    "### Cost",
    costTable(evaluations, options.ks),
    ...evaluations.flatMap((evaluation) => [`### ${evaluation.name}`, systemTable(evaluation, options.ks)]),
  ];
  if (evaluations.some((evaluation) => evaluation.judged))
    sections.push("### LLM-judge accuracy J (categories 1–4)", judgeTable(evaluations));
  return `${sections.join("\n\n")}\n`;
}

async function main(): Promise<void> {
  const options = parseLocomoOptions(process.argv.slice(2), path.join(here, "..", "results"));
  if (options === "help") {
    console.log(locomoUsage);
    return;
  }
  const dataset = loadLocomo(options.data);
  if (options.conversations) dataset.conversations = dataset.conversations.slice(0, options.conversations);
  const questions = dataset.conversations.reduce(
    (sum, conversation) => sum + conversation.questions.length,
    0,
  );
  log(
    `${dataset.conversations.length} conversations, ${questions} questions, ${dataset.warnings.length} data defects repaired or skipped`,
  );
  if (options.showWarnings) for (const warning of dataset.warnings) log(`  ${warning}`);
  prepareMem0Environment();
  const llm = await loadLlm(options);
  const answer: AnswerJudge | undefined = llm
    ? (question, memories) =>
        answerAndJudge({ ...llm, question: question.question, goldAnswer: question.answer, memories }).then(
          (judged) => judged.correct,
        )
    : undefined;
  const evaluations: SystemEvaluation[] = [];
  for (const retriever of retrieversFor(options, llm)) {
    try {
      const judge = options.llm && answer ? { answer, k: options.llmK } : undefined;
      evaluations.push(await evaluateRetriever(retriever, dataset, options.ks, log, judge));
    } finally {
      await retriever.close();
    }
  }
  console.log(report(options, dataset, evaluations));
  const leaveOneOut =
    options.leaveOneOut && dataset.conversations.length > 1
      ? await runLeaveOneOut(dataset, options.ks, log)
      : undefined;
  if (leaveOneOut) console.log(`${leaveOneOutSection(leaveOneOut)}\n`);
  mkdirSync(options.out, { recursive: true });
  const file = path.join(options.out, "locomo-latest.json");
  const folds = leaveOneOut?.folds;
  writeFileSync(file, JSON.stringify({ options, warnings: dataset.warnings, evaluations, folds }, null, 2));
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(`[eval:locomo] ${(error as Error).message}\n\n${locomoUsage}`);
  process.exitCode = 1;
});
