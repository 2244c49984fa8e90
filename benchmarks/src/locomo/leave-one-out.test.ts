import { describe, expect, it } from "vitest";
import { type CandidateDefault, candidateDefaults } from "./candidate-defaults.js";
import type { QuestionOutcome } from "./evaluate.js";
import { type CandidateRuns, chooseCandidate, leaveOneOut, leaveOneOutFolds } from "./leave-one-out.js";

/** Runs where each question's recall@10 is given directly (1 = found, 0 = missed). */
function runs(candidate: CandidateDefault, byConversation: Record<string, number[]>): CandidateRuns {
  const entries = Object.entries(byConversation).map(([id, recalls]) => {
    const outcomes = recalls.map(
      (recall, index): QuestionOutcome => ({
        sampleId: id,
        index,
        category: 4,
        evidence: ["D1:1"],
        top10: [],
        metrics: {
          recall: { 5: recall, 10: recall, 25: 1 },
          hit: { 10: recall },
          reciprocalRank: 0,
          ndcg10: 0,
        },
      }),
    );
    return [id, { outcomes, contextTokens: { 10: 100 * (candidate.before + 1) } }] as const;
  });
  return { candidate, runs: new Map(entries) };
}

describe("leave-one-conversation-out", () => {
  it("never puts the held-out conversation into its tuning set, and holds each out once", () => {
    const ids = ["conv-26", "conv-30", "conv-41"];
    const folds = leaveOneOutFolds(ids);
    expect(folds.map((fold) => fold.heldOut)).toEqual(ids);
    for (const fold of folds) {
      expect(fold.tuning).not.toContain(fold.heldOut);
      expect([...fold.tuning, fold.heldOut].sort()).toEqual([...ids].sort());
    }
    expect(() => leaveOneOutFolds(["a"])).toThrow(/at least two/);
    expect(() => leaveOneOutFolds(["a", "a"])).toThrow(/distinct/);
  });

  it("chooses on the tuning conversations only, however well a candidate does on the held-out one", () => {
    const narrow = runs({ before: 1, after: 0 }, { a: [1, 1], b: [1, 0], c: [0, 0] });
    // Perfect on c, poor on a and b: a fold holding out c must not pick it; folds holding out a or b may.
    const overfit = runs({ before: 2, after: 0 }, { a: [1, 0], b: [0, 0], c: [1, 1] });
    const folds = leaveOneOut([narrow, overfit], ["a", "b", "c"], [5, 10, 25]);
    const byHeldOut = new Map(folds.map((fold) => [fold.heldOut, fold]));
    expect(byHeldOut.get("c")!.chosen).toEqual({ before: 1, after: 0 });
    expect(byHeldOut.get("c")!.heldOutMetrics.recall[10]).toBe(0);
    expect(byHeldOut.get("c")!.tuningRecall10).toBe(75);
    expect(byHeldOut.get("a")!.chosen).toEqual({ before: 2, after: 0 }); // b + c: 50 against 25
    expect(byHeldOut.get("a")!.heldOutTokens10).toBe(300);
  });

  it("breaks a tie towards fewer context messages, then fewer following ones", () => {
    const same = { a: [1, 0], b: [1, 0] };
    const tied = [
      runs({ before: 2, after: 1 }, same),
      runs({ before: 1, after: 1 }, same),
      runs({ before: 2, after: 0 }, same),
    ];
    expect(chooseCandidate(tied, ["a", "b"]).candidate).toEqual({ before: 2, after: 0 });
    const better = runs({ before: 3, after: 1 }, { a: [1, 1], b: [1, 0] });
    expect(chooseCandidate([...tied, better], ["a", "b"]).candidate).toEqual({ before: 3, after: 1 });
  });

  it("declares a grid of distinct candidates that includes no context at all", () => {
    const labels = candidateDefaults.map((candidate) => `${candidate.before}/${candidate.after}`);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toContain("0/0");
  });
});
