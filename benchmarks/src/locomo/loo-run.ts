import type { ContextWindow } from "@engram/core";
import { type CandidateDefault, candidateDefaults, candidateLabel } from "./candidate-defaults.js";
import { evaluateRetriever } from "./evaluate.js";
import {
  type CandidateRuns,
  type ConversationRun,
  chooseCandidate,
  type FoldResult,
  leaveOneOut,
} from "./leave-one-out.js";
import type { LocomoConversation, LocomoDataset } from "./locomo-types.js";
import { createZeroConfigRetriever, type MessageShape, naturalShape } from "./zero-config-retriever.js";

/** A message shape measured with no options at all, beside the natural one. */
export interface ShapeVariant {
  /** Label in the report. */
  label: string;
  /** The shape. */
  shape: MessageShape;
  /** An explicit window (only to reproduce the previous defaults), else none. */
  contextWindow?: ContextWindow;
}

/** The message shapes an unseen evaluator might pass, each with `add(messages, { userId })` and nothing else. */
export const shapeVariants: readonly ShapeVariant[] = [
  { label: "natural: user roles, name, session date, one add() per session", shape: naturalShape },
  { label: "roles alternate user/assistant", shape: { ...naturalShape, roles: "alternating" } },
  { label: "no name", shape: { ...naturalShape, names: false } },
  { label: "no timestamp", shape: { ...naturalShape, timestamps: false } },
  {
    label: "bare: alternating roles, no name, no timestamp",
    shape: { roles: "alternating", names: false, timestamps: false, perCall: "session" },
  },
  { label: "live chat: one add() per turn", shape: { ...naturalShape, perCall: "turn" } },
];

/** Today's zero-config before this change: no context, name and date not indexed (the same as passing neither). */
export const previousDefaults: ShapeVariant = {
  label: "previous defaults (no context; name and date not indexed)",
  shape: { ...naturalShape, names: false, timestamps: false },
  contextWindow: { before: 0, after: 0 },
};

/** Runs of one setting, by conversation. */
export type RunsByConversation = Map<string, ConversationRun>;

/** Everything `pnpm eval:locomo --leave-one-out` prints. */
export interface LeaveOneOutReport {
  /** Conversation ids in order. */
  ids: string[];
  /** The grid's runs. */
  candidates: CandidateRuns[];
  /** The folds. */
  folds: FoldResult[];
  /** The candidate the same rule chooses on all the conversations: what core should ship. */
  chosenOnAll: CandidateDefault;
  /** Zero-config runs of each message shape (no options). */
  variants: { variant: ShapeVariant; runs: RunsByConversation }[];
}

async function runSetting(
  conversations: readonly LocomoConversation[],
  ks: readonly number[],
  shape: MessageShape,
  contextWindow: ContextWindow | undefined,
): Promise<RunsByConversation> {
  const runs: RunsByConversation = new Map();
  for (const conversation of conversations) {
    const retriever = createZeroConfigRetriever({ shape, ...(contextWindow ? { contextWindow } : {}) });
    try {
      const evaluation = await evaluateRetriever(
        retriever,
        { conversations: [conversation], warnings: [] },
        ks,
      );
      runs.set(conversation.sampleId, {
        outcomes: evaluation.outcomes,
        contextTokens: evaluation.contextTokens,
      });
    } finally {
      await retriever.close();
    }
  }
  return runs;
}

/** Runs the pre-declared grid and the message-shape variants on every conversation, then the folds. */
export async function runLeaveOneOut(
  dataset: LocomoDataset,
  ks: readonly number[],
  log: (message: string) => void = () => {},
): Promise<LeaveOneOutReport> {
  const ids = dataset.conversations.map((conversation) => conversation.sampleId);
  const candidates: CandidateRuns[] = [];
  for (const candidate of candidateDefaults as CandidateDefault[]) {
    candidates.push({
      candidate,
      runs: await runSetting(dataset.conversations, ks, naturalShape, candidate),
    });
    log(`grid: ${candidateLabel(candidate)} done`);
  }
  const variants: LeaveOneOutReport["variants"] = [];
  for (const variant of [...shapeVariants, previousDefaults]) {
    variants.push({
      variant,
      runs: await runSetting(dataset.conversations, ks, variant.shape, variant.contextWindow),
    });
    log(`zero-config: ${variant.label} done`);
  }
  const chosenOnAll = chooseCandidate(candidates, ids).candidate;
  return { ids, candidates, folds: leaveOneOut(candidates, ids, ks), chosenOnAll, variants };
}
