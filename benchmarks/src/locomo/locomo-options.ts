import path from "node:path";
import { parseArgs } from "node:util";
import type { RetrievalOptions } from "@engram/core";
import type { EngramIngestMode } from "./engram-retriever.js";

/** Parsed `pnpm eval:locomo` flags. */
export interface LocomoOptions {
  /** The LoCoMo JSON file. */
  data: string;
  /** Systems: "engram", "mem0". */
  systems: string[];
  /** Engram ingest modes. */
  modes: EngramIngestMode[];
  /** Cut-offs for recall and hit. */
  ks: number[];
  /** Only the first n conversations. */
  conversations?: number;
  /** Store turns as "Speaker: text". */
  speakerPrefix: boolean;
  /** Prefix turns with their session date. */
  datePrefix: boolean;
  /** Preceding turns included in each verbatim memory's text. */
  contextTurns: number;
  /** Retrieval settings for Engram (only the ones given). */
  retrieval: RetrievalOptions;
  /** Answer with an LLM and grade with an LLM judge. */
  llm: boolean;
  /** Memories the LLM answers from. */
  llmK: number;
  /** Output folder. */
  out: string;
  /** Print every data defect. */
  showWarnings: boolean;
  /** Also run the zero-config leave-one-conversation-out table. */
  leaveOneOut: boolean;
}

/** Usage text of `pnpm eval:locomo`. */
export const locomoUsage = `Usage: pnpm eval:locomo --data <locomo json> [flags]
  --data <file>              LoCoMo-format JSON (e.g. ../shared/data/locomo/locomo-dev.json, or locomo10.json)
  --systems <list>           engram,mem0                                  (default both)
  --modes <list>             Engram ingest: verbatim,rules,llm            (default verbatim,rules; llm needs an LLM)
  --k <list>                 cut-offs                                     (default 1,5,10,25,50)
  --conversations <n>        only the first n conversations
  --no-speaker-prefix        store turns without "Speaker: "
  --date-prefix              prefix turns with their session date ("[8 May, 2023] ...")
  --context-turns <n>        verbatim: index each turn with the n preceding turns (core contextWindow)  (default 1)
  --vector-weight <x>        Engram retrieval vectorWeight                (default: core's)
  --keyword-weight <x>       Engram retrieval keywordWeight               (default: core's)
  --keyword-saturation <x>   Engram retrieval keywordSaturation           (default: core's)
  --llm                      also answer (top --llm-k memories) with an LLM and grade with an LLM judge;
                             needs OPENAI_API_KEY / OPENAI_BASE_URL, ENGRAM_LLM_MODEL, ENGRAM_JUDGE_MODEL
  --llm-k <n>                memories given to the answering LLM          (default 10)
  --out <dir>                where the JSON goes                          (default benchmarks/results)
  --show-warnings            print every repaired or dropped item of the data
  --no-leave-one-out         skip the zero-config leave-one-conversation-out table (printed by default)`;

/** Resolves a path against the directory the user ran pnpm from (pnpm runs scripts inside the package). */
export function fromCallerDirectory(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

const modes: readonly EngramIngestMode[] = ["verbatim", "rules", "llm"];

function list(
  name: string,
  raw: string | undefined,
  fallback: string[],
  allowed?: readonly string[],
): string[] {
  const values = (raw ?? fallback.join(","))
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);
  for (const value of values) {
    if (allowed && !allowed.includes(value))
      throw new Error(`--${name}: unknown value "${value}"; choose from ${allowed.join(", ")}.`);
  }
  return values;
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} expects a number >= 0, got "${raw}".`);
  return value;
}

function retrievalFrom(values: Record<string, string | boolean | undefined>): RetrievalOptions {
  const retrieval: RetrievalOptions = {};
  const vector = positive("vector-weight", values["vector-weight"] as string | undefined);
  const keyword = positive("keyword-weight", values["keyword-weight"] as string | undefined);
  const saturation = positive("keyword-saturation", values["keyword-saturation"] as string | undefined);
  if (vector !== undefined) retrieval.vectorWeight = vector;
  if (keyword !== undefined) retrieval.keywordWeight = keyword;
  if (saturation !== undefined) retrieval.keywordSaturation = saturation;
  return retrieval;
}

/** Parses `pnpm eval:locomo` flags; throws an Error with a clear message on bad input. */
export function parseLocomoOptions(argv: string[], defaultOut: string): LocomoOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      help: { type: "boolean", short: "h" },
      data: { type: "string" },
      systems: { type: "string" },
      modes: { type: "string" },
      k: { type: "string" },
      conversations: { type: "string" },
      "speaker-prefix": { type: "boolean" },
      "date-prefix": { type: "boolean" },
      "context-turns": { type: "string" },
      "vector-weight": { type: "string" },
      "keyword-weight": { type: "string" },
      "keyword-saturation": { type: "string" },
      llm: { type: "boolean" },
      "llm-k": { type: "string" },
      out: { type: "string" },
      "show-warnings": { type: "boolean" },
      "leave-one-out": { type: "boolean" },
    },
  });
  if (values.help) return "help";
  if (!values.data)
    throw new Error(
      "--data is required: the path of a LoCoMo JSON file, e.g. ../shared/data/locomo/locomo-dev.json.",
    );
  const ks = list("k", values.k, ["1", "5", "10", "25", "50"]).map(Number);
  if (ks.some((k) => !Number.isInteger(k) || k < 1 || k > 200))
    throw new Error("--k expects whole numbers from 1 to 200, e.g. 1,5,10.");
  for (const required of [1, 10]) if (!ks.includes(required)) ks.push(required);
  const conversations = values.conversations === undefined ? undefined : Number(values.conversations);
  if (conversations !== undefined && (!Number.isInteger(conversations) || conversations < 1)) {
    throw new Error("--conversations expects a whole number >= 1.");
  }
  const contextTurns = Number(values["context-turns"] ?? 1);
  if (!Number.isInteger(contextTurns) || contextTurns < 0)
    throw new Error("--context-turns expects a whole number >= 0.");
  const llmK = Number(values["llm-k"] ?? 10);
  if (!Number.isInteger(llmK) || llmK < 1) throw new Error("--llm-k expects a whole number >= 1.");
  return {
    data: fromCallerDirectory(values.data),
    systems: list("systems", values.systems, ["engram", "mem0"], ["engram", "mem0"]),
    modes: list("modes", values.modes, ["verbatim", "rules"], modes) as EngramIngestMode[],
    ks: [...new Set(ks)].sort((a, b) => a - b),
    ...(conversations ? { conversations } : {}),
    speakerPrefix: values["speaker-prefix"] !== false,
    datePrefix: values["date-prefix"] === true,
    contextTurns,
    retrieval: retrievalFrom(values),
    llm: values.llm === true,
    llmK,
    out: values.out ? fromCallerDirectory(values.out) : defaultOut,
    showWarnings: values["show-warnings"] === true,
    leaveOneOut: values["leave-one-out"] !== false,
  };
}
