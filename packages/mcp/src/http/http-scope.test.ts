import { describe, expect, it } from "vitest";
import { callScope, checkScopePolicy } from "../scope/mcp-scope.js";
import { requestScope, ScopeForbiddenError } from "./http-scope.js";

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("requestScope", () => {
  it("takes the key's pins, fills the rest from headers, and refuses headers that contradict a pin", () => {
    expect(requestScope({ userId: "alice" }, headers({}))).toEqual({ userId: "alice" });
    expect(
      requestScope({ userId: "alice" }, headers({ "x-engram-user-id": "alice", "x-engram-run-id": "r1" })),
    ).toEqual({ userId: "alice", runId: "r1" });
    expect(requestScope({ agentId: "planner" }, headers({ "x-engram-user-id": "bob" }))).toEqual({
      userId: "bob",
      agentId: "planner",
    });
    expect(() => requestScope({ userId: "alice" }, headers({ "x-engram-user-id": "bob" }))).toThrow(
      ScopeForbiddenError,
    );
    expect(() => requestScope({ agentId: "planner" }, headers({ "x-engram-agent-id": "other" }))).toThrow(
      /pinned/,
    );
  });

  it("needs a user or agent, and well-formed ids", () => {
    expect(() => requestScope({}, headers({}))).toThrow(/x-engram-user-id/);
    expect(() => requestScope({}, headers({ "x-engram-run-id": "r1" }))).toThrow(/not pinned/);
    expect(() => requestScope({}, headers({ "x-engram-user-id": "a".repeat(300) }))).toThrow(/at most 256/);
  });
});

describe("scope policy", () => {
  it("narrows to a run only when allowed, and never without a user or agent", () => {
    expect(() => checkScopePolicy({ runId: "r1" }, true, "scope")).toThrow(/userId or agentId/);
    const closed = checkScopePolicy({ userId: "alice" }, false, "scope");
    expect(() => callScope(closed, "r1")).toThrow(/does not let/);
    const open = checkScopePolicy({ userId: "alice" }, true, "scope");
    expect(callScope(open, "r1")).toEqual({ userId: "alice", runId: "r1" });
    expect(callScope(open, undefined)).toEqual({ userId: "alice" });
    // A configured run cannot be replaced by the model.
    expect(checkScopePolicy({ userId: "alice", runId: "r0" }, true, "scope").allowRunId).toBe(false);
  });
});
