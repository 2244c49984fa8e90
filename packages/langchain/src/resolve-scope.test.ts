import { describe, expect, it } from "vitest";
import { defaultScope, resolveTurnScope } from "./resolve-scope.js";

describe("turn scope", () => {
  it("reads userId, agentId and runId from context; the thread id is the fallback run", () => {
    expect(
      defaultScope({ context: { userId: "u", agentId: "a" }, configurable: { thread_id: "t" } }),
    ).toEqual({
      userId: "u",
      agentId: "a",
      runId: "t",
    });
    expect(defaultScope({ context: { userId: "u", runId: "r" }, configurable: { thread_id: "t" } })).toEqual({
      userId: "u",
      runId: "r",
    });
    expect(defaultScope({ context: { userId: "  ", agentId: 3 } })).toEqual({});
    expect(defaultScope({})).toEqual({});
  });

  it("writes and searches at user level (the thread kept as provenance) unless only a run is known, or asked not to", () => {
    const runtime = { context: { userId: "u" }, configurable: { thread_id: "t" } };
    expect(resolveTurnScope(defaultScope, runtime, true)).toEqual({
      write: { userId: "u" },
      search: { userId: "u" },
      runId: "t",
    });
    expect(resolveTurnScope(defaultScope, runtime, true, true).write).toEqual({ userId: "u", runId: "t" });
    expect(resolveTurnScope(defaultScope, { configurable: { thread_id: "t" } }, true).write).toEqual({
      runId: "t",
    });
    expect(resolveTurnScope(defaultScope, runtime, false).search).toEqual({ userId: "u", runId: "t" });
    expect(resolveTurnScope(defaultScope, { configurable: { thread_id: "t" } }, true).search).toEqual({
      runId: "t",
    });
    expect(() => resolveTurnScope(defaultScope, {}, true)).toThrow(/context: \{ userId/);
  });
});
