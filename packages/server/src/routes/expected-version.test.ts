import { describe, expect, it } from "vitest";
import { etagOf, withExpectedVersion } from "./expected-version.js";

describe("withExpectedVersion", () => {
  it("reads quoted and bare versions, ignores * and a missing header", () => {
    expect(withExpectedVersion({ userId: "a" }, '"3"')).toEqual({ userId: "a", expectedVersion: 3 });
    expect(withExpectedVersion({}, "4")).toEqual({ expectedVersion: 4 });
    expect(withExpectedVersion({}, "*")).toEqual({});
    expect(withExpectedVersion({ expectedVersion: 2 }, undefined)).toEqual({ expectedVersion: 2 });
    expect(withExpectedVersion({ expectedVersion: 2 }, '"2"')).toEqual({ expectedVersion: 2 });
  });

  it("refuses a malformed header and a disagreement with the body", () => {
    expect(() => withExpectedVersion({}, 'W/"3"')).toThrow(/If-Match/);
    expect(() => withExpectedVersion({ expectedVersion: 1 }, '"2"')).toThrow(/disagree/);
  });

  it("quotes the version as the ETag", () => {
    expect(etagOf({ version: 7 })).toBe('"7"');
  });
});
